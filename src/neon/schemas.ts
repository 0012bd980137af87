import { z } from 'zod';

// Lenient where Neon is loose (see the Neon notes): roles are any string (five exist and more may
// come), invited_by is any string (the spec's own example puts an email there), and the
// members pagination block may be absent (older API versions had none). Output is camelCase.

const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  lastName: string;
}

export const currentUserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string().catch(''), last_name: z.string().catch('') })
  .transform((u): CurrentUser => ({ id: u.id, email: u.email, name: u.name, lastName: u.last_name }));

export interface Organization {
  id: string;
  name: string;
  handle: string | undefined;
  managedBy: string | undefined;
}

const organizationSchema = z
  .object({ id: z.string(), name: z.string(), handle: optionalText, managed_by: optionalText })
  .transform((o): Organization => ({ id: o.id, name: o.name, handle: o.handle, managedBy: o.managed_by }));

export const organizationsSchema = z
  .object({ organizations: z.array(organizationSchema) })
  .transform((r) => r.organizations);

/** A member as the PATCH answers it: no email. */
export interface Member {
  memberId: string;
  userId: string;
  orgId: string;
  role: string;
  joinedAt: string | undefined;
}

export const memberSchema = z
  .object({ id: z.string(), user_id: z.string(), org_id: z.string(), role: z.string(), joined_at: optionalText })
  .transform(
    (m): Member => ({ memberId: m.id, userId: m.user_id, orgId: m.org_id, role: m.role, joinedAt: m.joined_at }),
  );

export interface OrgMember {
  /** the id to PATCH/DELETE with; not the user id */
  memberId: string;
  userId: string;
  role: string;
  email: string;
  joinedAt: string | undefined;
  /** set only for deactivated accounts */
  deactivatedAt: string | undefined;
  /** Neon's `has_mfa` (TOTP on); undefined when Neon does not report it. */
  hasMfa: boolean | undefined;
}

const memberWithUserSchema = z
  .object({
    member: memberSchema,
    user: z.object({ email: z.string(), deactivated_at: optionalText, has_mfa: z.boolean().nullish() }),
  })
  .transform(
    ({ member, user }): OrgMember => ({
      memberId: member.memberId,
      userId: member.userId,
      role: member.role,
      email: user.email,
      joinedAt: member.joinedAt,
      deactivatedAt: user.deactivated_at,
      hasMfa: user.has_mfa ?? undefined,
    }),
  );

export const membersPageSchema = z
  .object({
    members: z.array(memberWithUserSchema),
    pagination: z.object({ next: optionalText }).nullish(),
  })
  .transform((r) => ({ members: r.members, next: r.pagination?.next || undefined }));

export interface Invitation {
  id: string;
  email: string;
  orgId: string;
  invitedBy: string;
  invitedAt: string;
  role: string;
}

const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    org_id: z.string(),
    invited_by: z.string(),
    invited_at: z.string(),
    role: z.string(),
  })
  .transform(
    (i): Invitation => ({
      id: i.id,
      email: i.email,
      orgId: i.org_id,
      invitedBy: i.invited_by,
      invitedAt: i.invited_at,
      role: i.role,
    }),
  );

export const invitationsSchema = z.object({ invitations: z.array(invitationSchema) }).transform((r) => r.invitations);

export interface OrgApiKey {
  id: number;
  name: string;
  createdAt: string;
  /** the list gives an object, other answers a bare user id: both end up here */
  createdBy: { id: string; name: string | undefined };
  lastUsedAt: string | undefined;
  lastUsedFromAddr: string | undefined;
  /** set for project-scoped keys */
  projectId: string | undefined;
}

const createdBySchema = z
  .union([z.string(), z.object({ id: z.string(), name: optionalText })])
  .transform((c) => (typeof c === 'string' ? { id: c, name: undefined } : c));

const orgApiKeySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    created_at: z.string(),
    created_by: createdBySchema,
    last_used_at: optionalText,
    last_used_from_addr: optionalText,
    project_id: optionalText,
  })
  .transform(
    (k): OrgApiKey => ({
      id: k.id,
      name: k.name,
      createdAt: k.created_at,
      createdBy: k.created_by,
      lastUsedAt: k.last_used_at,
      lastUsedFromAddr: k.last_used_from_addr,
      projectId: k.project_id,
    }),
  );

export const orgApiKeysSchema = z.array(orgApiKeySchema);

export interface CreatedProjectKey {
  id: number;
  /** the secret, shown by Neon this once */
  key: string;
  name: string;
  /** optional in Neon's answer: a caller must check it matches what it asked for */
  projectId: string | undefined;
  createdAt: string;
}

export const createdKeySchema = z
  .object({
    id: z.number().int(),
    key: z.string().min(1),
    name: z.string(),
    created_at: z.string(),
    project_id: optionalText,
  })
  .transform(
    (k): CreatedProjectKey => ({
      id: k.id,
      key: k.key,
      name: k.name,
      projectId: k.project_id,
      createdAt: k.created_at,
    }),
  );

export interface RevokedOrgApiKey {
  id: number;
  name: string;
  revoked: boolean;
  projectId: string | undefined;
}

export const revokedKeySchema = z
  .object({ id: z.number().int(), name: z.string(), revoked: z.boolean(), project_id: optionalText })
  .transform((k): RevokedOrgApiKey => ({ id: k.id, name: k.name, revoked: k.revoked, projectId: k.project_id }));

/** Neon's `EmptyResponse` (a member's removal): nothing in it is read. */
export const emptySchema = z.object({}).transform(() => undefined);

export interface Project {
  id: string;
  name: string;
  orgId: string | undefined;
  regionId: string | undefined;
  createdAt: string | undefined;
}

const projectSchema = z
  .object({ id: z.string(), name: z.string(), org_id: optionalText, region_id: optionalText, created_at: optionalText })
  .transform(
    (p): Project => ({ id: p.id, name: p.name, orgId: p.org_id, regionId: p.region_id, createdAt: p.created_at }),
  );

export const projectsPageSchema = z
  .object({ projects: z.array(projectSchema), pagination: z.object({ cursor: optionalText }).nullish() })
  .transform((r) => ({ projects: r.projects, cursor: r.pagination?.cursor || undefined }));

export const projectResponseSchema = z.object({ project: projectSchema }).transform((r) => r.project);
