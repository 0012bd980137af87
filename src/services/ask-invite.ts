import type { OrgRole } from '../domain/request.ts';
import { inviteState } from '../kinds/invite.ts';
import type { ServiceContext } from './context.ts';
import { checkInvitee, type InviteeCheck } from './eligibility.ts';
import { type SubmitResult, submitRequest } from './submit.ts';

export type AskResult =
  | SubmitResult
  | Exclude<InviteeCheck, { ok: true }>
  | { ok: false; code: 'already_member' | 'already_invited'; email: string };

export interface InviteAsk {
  requesterId: string;
  role: OrgRole;
  reason: string;
}

/**
 * "Invite me": the address is the requester's own Slack profile email, never typed. Everything
 * that would make the invitation pointless or forbidden is refused before any card is posted.
 */
export async function askInvite(ctx: ServiceContext, ask: InviteAsk): Promise<AskResult> {
  const invitee = await checkInvitee(ctx, ask.requesterId);
  if (!invitee.ok) return invitee;
  const { email } = invitee;

  // A duplicate is cheaper to spot than a Neon round trip.
  const dedupeKey = `invite:${email}`;
  const open = await ctx.store.findOpenByDedupeKey(dedupeKey);
  if (open) return { ok: false, code: 'duplicate', existing: open };

  // Without any key the check waits for execution, which looks again before it creates anything.
  const lookup = await ctx.keys.forLookup();
  if (lookup) {
    const state = await inviteState(ctx.neon.shared(lookup.key), ctx.config.neon.orgId, email);
    if (state === 'member') return { ok: false, code: 'already_member', email };
    if (state === 'invited') return { ok: false, code: 'already_invited', email };
  }

  return submitRequest(ctx, {
    kind: 'invite',
    requesterId: ask.requesterId,
    requesterEmail: email,
    role: ask.role,
    reason: ask.reason,
    dedupeKey,
  });
}
