import { NeonHttpError } from './errors.ts';
import { nowIso } from './ids.ts';
import type { ApiKeyRecord, MemberRecord, OrgState, UserRecord } from './state.ts';

export type Caller =
  | { kind: 'personal'; key: ApiKeyRecord; user: UserRecord }
  | { kind: 'org'; key: ApiKeyRecord; projectId?: string };

export type PersonalCaller = Extract<Caller, { kind: 'personal' }>;

/** What an org route may know about who calls: the caller and, for a personal key, their membership. */
export interface OrgAccess {
  caller: Caller;
  member?: MemberRecord;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export function authenticate(state: OrgState, token: string | undefined, remoteAddr: string): Caller {
  const key = token === undefined ? undefined : state.key(token);
  if (!key || key.revoked) throw new NeonHttpError(401, 'authentication required');
  key.lastUsedAt = nowIso();
  key.lastUsedFromAddr = remoteAddr;
  if (key.kind === 'org') return key.projectId ? { kind: 'org', key, projectId: key.projectId } : { kind: 'org', key };
  const user = state.user(key.createdBy);
  if (!user) throw new NeonHttpError(401, 'authentication required');
  return { kind: 'personal', key, user };
}

export function requirePersonal(caller: Caller): PersonalCaller {
  if (caller.kind !== 'personal') throw new NeonHttpError(403, 'not allowed for organization API keys');
  return caller;
}

/** Any member's personal key or a whole-org key may act in the org; a project-scoped key may not. */
export function requireOrg(state: OrgState, caller: Caller, orgId: string | undefined): OrgAccess {
  const notMember = new NeonHttpError(404, 'Account is not a member of the organization specified by org_id');
  if (orgId !== state.org.id) throw notMember;
  if (caller.kind === 'org') {
    if (caller.projectId) throw new NeonHttpError(403, 'not allowed for project-scoped API keys');
    return { caller };
  }
  const member = state.memberOfUser(caller.user.id);
  if (!member) throw notMember;
  return { caller, member };
}

/** Org keys act as admins; a personal key acts with its user's role. */
export function requireAdmin(access: OrgAccess): void {
  if (access.caller.kind === 'personal' && access.member?.role !== 'admin') throw notAdmin();
}

/** The docs matrix: some actions take only the personal key of an org admin. */
export function requireAdminPersonal(access: OrgAccess): PersonalCaller {
  const caller = requirePersonal(access.caller);
  requireAdmin(access);
  return caller;
}

export function notAdmin(): NeonHttpError {
  return new NeonHttpError(403, 'only organization admins can perform this action');
}
