import { inviteState } from '../actions/invite.ts';
import { emailDomainAllowed, normaliseEmail } from '../domain/email.ts';
import type { ServiceContext } from './context.ts';
import { type SubmitResult, submitRequest } from './submit.ts';

export type AskResult =
  | SubmitResult
  | { ok: false; code: 'not_eligible' | 'no_email' }
  | { ok: false; code: 'domain_not_allowed'; email: string; allowed: string[] }
  | { ok: false; code: 'already_member' | 'already_invited'; email: string };

export interface InviteAsk {
  requesterId: string;
  role: 'admin' | 'member';
  reason: string;
}

/**
 * "Invite me": the address is the requester's own Slack profile email, never typed. Everything
 * that would make the invitation pointless or forbidden is refused before any card is posted.
 */
export async function askInvite(ctx: ServiceContext, ask: InviteAsk): Promise<AskResult> {
  const person = await ctx.directory.person(ask.requesterId);
  if (!person?.eligible) return { ok: false, code: 'not_eligible' };
  if (!person.email) return { ok: false, code: 'no_email' };
  const email = normaliseEmail(person.email);
  if (!emailDomainAllowed(email, ctx.config.allowedEmailDomains)) {
    return { ok: false, code: 'domain_not_allowed', email, allowed: ctx.config.allowedEmailDomains };
  }

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
