import type { NeonApi } from '../neon/client.ts';
import type { KindAction } from './kind-action.ts';

export type InviteState = 'member' | 'invited' | 'none';

/** Members first: Neon lists accepted invitations too, so an invitation alone proves nothing. */
export async function inviteState(neon: NeonApi, orgId: string, email: string): Promise<InviteState> {
  // Both reads at once (one round trip of waiting, not two); the answer still checks members first.
  const [member, invitations] = await Promise.all([neon.findMemberByEmail(orgId, email), neon.listInvitations(orgId)]);
  if (member) return 'member';
  return invitations.some((i) => i.email.toLowerCase() === email.toLowerCase()) ? 'invited' : 'none';
}

export interface InviteOutcome {
  outcome: 'invited' | 'already_member' | 'already_invited';
  email: string;
  [key: string]: unknown;
}

/** Idempotent: a retry after a lost answer finds the invitation the first attempt made and sends none. */
export async function performInvite(
  neon: NeonApi,
  orgId: string,
  email: string,
  role: 'admin' | 'member',
): Promise<InviteOutcome> {
  const state = await inviteState(neon, orgId, email);
  if (state === 'member') return { outcome: 'already_member', email };
  if (state === 'invited') return { outcome: 'already_invited', email };
  await neon.createInvitations(orgId, [{ email, role }]);
  return { outcome: 'invited', email };
}

export const inviteAction: KindAction = {
  async perform(ctx, neon, r) {
    return { result: await performInvite(neon, ctx.config.neon.orgId, r.requesterEmail!, r.role ?? 'member') };
  },
};
