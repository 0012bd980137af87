import { requireAdmin, requireAdminPersonal } from '../auth.ts';
import { NeonHttpError } from '../errors.ts';
import type { MemberRecord, MemberRole, OrgState } from '../state.ts';
import {
  decodeCursor,
  encodeCursor,
  type Handler,
  type HandlerContext,
  optionalInt,
  orgAccess,
  refuseUnofferedRole,
} from './context.ts';

type SortBy = 'email' | 'role' | 'joined_at';

export function memberJson(state: OrgState, m: MemberRecord) {
  return { id: m.id, user_id: m.userId, org_id: state.org.id, role: m.role, joined_at: m.joinedAt };
}

function memberWithUserJson(state: OrgState, m: MemberRecord) {
  const user = state.user(m.userId);
  const info: { email: string; has_mfa?: boolean; deactivated_at?: string } = { email: user?.email ?? '' };
  if (typeof user?.hasMfa === 'boolean') info.has_mfa = user.hasMfa;
  if (user?.deactivatedAt) info.deactivated_at = user.deactivatedAt;
  return { member: memberJson(state, m), user: info };
}

function sortKey(state: OrgState, m: MemberRecord, by: SortBy): string {
  if (by === 'email') return state.user(m.userId)?.email.toLowerCase() ?? '';
  return by === 'role' ? m.role : m.joinedAt;
}

function existingMember(ctx: HandlerContext): MemberRecord {
  const member = ctx.state.member(ctx.params.member_id ?? '');
  if (!member) throw new NeonHttpError(404, 'organization member not found');
  return member;
}

function refuseLastAdmin(state: OrgState, member: MemberRecord, message: string): void {
  if (member.role === 'admin' && state.adminCount() === 1) throw new NeonHttpError(409, message);
}

/** Without `limit` the whole list comes back, as before Neon added member pagination. */
export const getOrganizationMembers: Handler = (ctx) => {
  orgAccess(ctx);
  const { state, query } = ctx;
  const sortBy = (query.sort_by ?? 'joined_at') as SortBy;
  const sortOrder = query.sort_order ?? 'desc';
  const direction = sortOrder === 'asc' ? 1 : -1;
  const sorted = state
    .liveMembers()
    .map((m) => ({ m, key: sortKey(state, m, sortBy) }))
    .sort((a, b) => direction * (a.key.localeCompare(b.key) || a.m.id.localeCompare(b.m.id)));
  const offset = decodeCursor(query.cursor);
  const end = offset + (optionalInt(query.limit) ?? sorted.length);
  const pagination: { next?: string; sort_by: string; sort_order: string } = { sort_by: sortBy, sort_order: sortOrder };
  if (end < sorted.length) pagination.next = encodeCursor(end);
  return { members: sorted.slice(offset, end).map(({ m }) => memberWithUserJson(state, m)), pagination };
};

export const getOrganizationMember: Handler = (ctx) => {
  orgAccess(ctx);
  return memberJson(ctx.state, existingMember(ctx));
};

export const updateOrganizationMember: Handler = (ctx) => {
  requireAdmin(orgAccess(ctx));
  const member = existingMember(ctx);
  const { role } = ctx.body as { role: MemberRole };
  refuseUnofferedRole(ctx.state, role);
  if (role !== 'admin')
    refuseLastAdmin(ctx.state, member, "cannot downgrade the role of the organization's only admin");
  member.role = role;
  return memberJson(ctx.state, member);
};

export const removeOrganizationMember: Handler = (ctx) => {
  requireAdminPersonal(orgAccess(ctx));
  const member = existingMember(ctx);
  refuseLastAdmin(ctx.state, member, 'the last admin in an organization cannot be removed');
  ctx.state.removeMember(member.id);
  return {};
};
