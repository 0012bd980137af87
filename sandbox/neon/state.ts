import { newApiKeyToken, newProjectId, newUuid, nowIso } from './ids.ts';

/** Neon's `MemberRole`. */
export const MEMBER_ROLES = ['admin', 'member', 'editor', 'viewer', 'collaborator'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  deactivatedAt?: string;
  /** Neon's `has_mfa` (TOTP on); null: the members list leaves it out, as the spec allows. */
  hasMfa: boolean | null;
}

export interface MemberRecord {
  id: string;
  userId: string;
  role: MemberRole;
  joinedAt: string;
}

export interface InvitationRecord {
  id: string;
  email: string;
  role: MemberRole;
  invitedBy: string;
  invitedAt: string;
}

export interface ApiKeyRecord {
  id: number;
  token: string;
  kind: 'personal' | 'org';
  name: string;
  /** user id of whoever created the key; for a personal key, also its owner */
  createdBy: string;
  projectId?: string;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedFromAddr: string;
  revoked: boolean;
}

export interface ProjectRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface OrgInfo {
  id: string;
  name: string;
  handle: string;
  createdAt: string;
}

export type MemberView = MemberRecord & { email: string };

/** Everything the emulated Neon account knows: one organization, its people, keys and projects. */
export class OrgState {
  readonly org: OrgInfo;
  /** `owner_id` of every project (Neon reports the org's billing owner there). */
  readonly projectOwnerId = newUuid();
  private readonly usersById = new Map<string, UserRecord>();
  private readonly membersById = new Map<string, MemberRecord>();
  private readonly invitationList: InvitationRecord[] = [];
  private readonly keysByToken = new Map<string, ApiKeyRecord>();
  private readonly projectList: ProjectRecord[] = [];
  private nextKeyId = 100_001;
  /** Armed by misscopeNextProjectKey: the scope the next project key gets instead of the one asked. */
  private misscope: { projectId: string | undefined } | undefined;

  /** The roles this organization offers ("some role values may not be available for all organizations"). */
  readonly roles: ReadonlySet<MemberRole>;

  constructor(orgId: string, orgName: string, roles: readonly MemberRole[] = MEMBER_ROLES) {
    this.org = { id: orgId, name: orgName, handle: `${orgId}-handle`, createdAt: nowIso() };
    this.roles = new Set(roles);
  }

  // ---- seeding, for tests and the demo ----

  /** `hasMfa` defaults to true (MFA on), so admins can be made as before; false or null (not reported) to test the check. */
  addUser(input: { email: string; name?: string; deactivatedAt?: string; hasMfa?: boolean | null }): {
    id: string;
    personalKey: string;
  } {
    if (this.userByEmail(input.email)) throw new Error(`user ${input.email} already exists`);
    const user: UserRecord = {
      id: newUuid(),
      email: input.email,
      name: input.name ?? input.email.split('@')[0] ?? '',
      hasMfa: input.hasMfa === undefined ? true : input.hasMfa,
    };
    if (input.deactivatedAt) user.deactivatedAt = input.deactivatedAt;
    this.usersById.set(user.id, user);
    const key = this.storeKey({ kind: 'personal', name: 'personal key', createdBy: user.id });
    return { id: user.id, personalKey: key.token };
  }

  /** The person turns two-factor on or off in Neon's console (null: Neon stops reporting it). */
  setMfa(email: string, hasMfa: boolean | null): void {
    const user = this.userByEmail(email);
    if (!user) throw new Error(`unknown user ${email}`);
    user.hasMfa = hasMfa;
  }

  addMember(userId: string, role: MemberRole): MemberView {
    const user = this.usersById.get(userId);
    if (!user) throw new Error(`unknown user ${userId}`);
    if (this.memberOfUser(userId)) throw new Error(`user ${user.email} is already a member`);
    const member: MemberRecord = { id: newUuid(), userId, role, joinedAt: nowIso() };
    this.membersById.set(member.id, member);
    return { ...member, email: user.email };
  }

  /** An org-wide key, or a project-scoped one with `projectId`. Created by the first admin unless told. */
  addOrgApiKey(input: { projectId?: string; name?: string; createdBy?: string } = {}): string {
    const createdBy = input.createdBy ?? this.firstAdminUserId();
    if (!createdBy) throw new Error('addOrgApiKey needs an admin member (or createdBy)');
    const key = this.createOrgKey({ name: input.name ?? 'org key', createdBy, projectId: input.projectId });
    return key.token;
  }

  addProject(input: { name: string; id?: string }): ProjectRecord {
    const project: ProjectRecord = { id: input.id ?? newProjectId(input.name), name: input.name, createdAt: nowIso() };
    if (this.project(project.id)) throw new Error(`project ${project.id} already exists`);
    this.projectList.push(project);
    return { ...project };
  }

  /**
   * A switch for a Neon misbehaviour the spec allows (project_id is optional in the answer): the
   * next project-scoped key is created for `projectId` instead, or for the whole org when undefined.
   */
  misscopeNextProjectKey(projectId?: string): void {
    this.misscope = { projectId };
  }

  /** The scope a project key asked for `asked` really gets (the armed misscope, used up once). */
  takeProjectKeyScope(asked: string): string | undefined {
    const armed = this.misscope;
    this.misscope = undefined;
    return armed ? armed.projectId : asked;
  }

  revokeKey(token: string): void {
    const key = this.keysByToken.get(token);
    if (!key) throw new Error('unknown key');
    key.revoked = true;
  }

  /** The invited person signs up and joins with the invited role. */
  acceptInvitation(email: string): { id: string; personalKey?: string } {
    const invitation = this.invitationFor(email);
    if (!invitation) throw new Error(`no invitation for ${email}`);
    const existing = this.userByEmail(email);
    const created = existing ? undefined : this.addUser({ email });
    const userId = existing?.id ?? created!.id;
    if (!this.memberOfUser(userId)) this.addMember(userId, invitation.role);
    return created ?? { id: userId };
  }

  /** A pending invitation sent earlier (e.g. weeks ago, with `invitedAt`), by the first admin unless told. */
  addInvitation(input: { email: string; role?: MemberRole; invitedAt?: string; invitedBy?: string }): InvitationRecord {
    const invitedBy = input.invitedBy ?? this.firstAdminUserId();
    if (!invitedBy) throw new Error('addInvitation needs an admin member (or invitedBy)');
    const invitation = this.createInvitation(input.email, input.role ?? 'member', invitedBy);
    if (input.invitedAt) invitation.invitedAt = input.invitedAt;
    return { ...invitation };
  }

  // ---- read accessors (copies) ----

  members(): MemberView[] {
    return [...this.membersById.values()].map((m) => ({ ...m, email: this.user(m.userId)?.email ?? '' }));
  }

  invitations(): InvitationRecord[] {
    return this.invitationList.map((i) => ({ ...i }));
  }

  /** Organization keys, revoked ones included (tokens too, so tests can use them). */
  apiKeys(): ApiKeyRecord[] {
    return [...this.keysByToken.values()].filter((k) => k.kind === 'org').map((k) => ({ ...k }));
  }

  projects(): ProjectRecord[] {
    return this.projectList.map((p) => ({ ...p }));
  }

  // ---- live records and mutations, for handlers ----

  user(id: string): UserRecord | undefined {
    return this.usersById.get(id);
  }

  userByEmail(email: string): UserRecord | undefined {
    return [...this.usersById.values()].find((u) => sameEmail(u.email, email));
  }

  member(id: string): MemberRecord | undefined {
    return this.membersById.get(id);
  }

  memberOfUser(userId: string): MemberRecord | undefined {
    return [...this.membersById.values()].find((m) => m.userId === userId);
  }

  liveMembers(): MemberRecord[] {
    return [...this.membersById.values()];
  }

  adminCount(): number {
    return this.liveMembers().filter((m) => m.role === 'admin').length;
  }

  removeMember(id: string): void {
    this.membersById.delete(id);
  }

  invitationFor(email: string): InvitationRecord | undefined {
    return this.invitationList.find((i) => sameEmail(i.email, email));
  }

  liveInvitations(): readonly InvitationRecord[] {
    return this.invitationList;
  }

  createInvitation(email: string, role: MemberRole, invitedBy: string): InvitationRecord {
    const invitation: InvitationRecord = { id: newUuid(), email, role, invitedBy, invitedAt: nowIso() };
    this.invitationList.push(invitation);
    return invitation;
  }

  key(token: string): ApiKeyRecord | undefined {
    return this.keysByToken.get(token);
  }

  liveOrgKeys(): ApiKeyRecord[] {
    return [...this.keysByToken.values()].filter((k) => k.kind === 'org' && !k.revoked);
  }

  createOrgKey(input: { name: string; createdBy: string; projectId?: string | undefined }): ApiKeyRecord {
    return this.storeKey({ kind: 'org', ...input });
  }

  project(id: string): ProjectRecord | undefined {
    return this.projectList.find((p) => p.id === id);
  }

  liveProjects(): readonly ProjectRecord[] {
    return this.projectList;
  }

  private storeKey(input: {
    kind: ApiKeyRecord['kind'];
    name: string;
    createdBy: string;
    projectId?: string | undefined;
  }): ApiKeyRecord {
    const key: ApiKeyRecord = {
      id: this.nextKeyId++,
      token: newApiKeyToken(),
      kind: input.kind,
      name: input.name,
      createdBy: input.createdBy,
      createdAt: nowIso(),
      lastUsedAt: null,
      lastUsedFromAddr: '',
      revoked: false,
    };
    if (input.projectId !== undefined) key.projectId = input.projectId;
    this.keysByToken.set(key.token, key);
    return key;
  }

  private firstAdminUserId(): string | undefined {
    return this.liveMembers().find((m) => m.role === 'admin')?.userId;
  }
}

export function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
