import type { Command } from '../domain/command-grammar.ts';
import { normaliseEmail } from '../domain/email.ts';
import { memberByEmail } from '../neon/client.ts';
import type { ServiceContext } from './context.ts';
import { eligiblePerson, type NotEligible } from './eligibility.ts';
import { type SubmitResult, submitRequest } from './submit.ts';

export type RemoveAsk = Omit<Extract<Command, { name: 'admin'; action: 'remove' }>, 'name' | 'action'> & {
  requesterId: string;
};

export type RemoveAskResult =
  | SubmitResult
  | NotEligible
  | { ok: false; code: 'not_approver' }
  /** The Slack user named has no email on their profile, and Neon's member is found by it. */
  | { ok: false; code: 'no_email'; targetUserId: string }
  | { ok: false; code: 'not_member' | 'last_admin'; email: string };

/**
 * An approver asks to remove someone from the Neon organization; another approver decides. The
 * person is a Slack user (found in Neon by their profile email, deactivated accounts included:
 * they are the usual case) or a Neon member's email. Someone not in the org, and the org's last
 * admin (Neon refuses to remove them), are refused before any card.
 */
export async function askRemove(ctx: ServiceContext, ask: RemoveAsk): Promise<RemoveAskResult> {
  if (!(await ctx.approvers.isApprover(ask.requesterId))) return { ok: false, code: 'not_approver' };
  const requester = await eligiblePerson(ctx, ask.requesterId);
  if (!requester.ok) return requester;

  const target = await targetOf(ctx, ask);
  if (!target.ok) return target;
  const { email, targetUserId } = target;

  const dedupeKey = `remove:${email}`;
  const open = await ctx.store.findOpenByDedupeKey(dedupeKey);
  if (open) return { ok: false, code: 'duplicate', existing: open };

  // Without any key the check waits for execution, which looks before it removes anyone.
  const lookup = await ctx.keys.forLookup();
  if (lookup) {
    const members = await ctx.neon.shared(lookup.key).listMembers(ctx.config.neon.orgId);
    const member = memberByEmail(members, email);
    if (!member) return { ok: false, code: 'not_member', email };
    if (member.role === 'admin' && members.filter((m) => m.role === 'admin').length === 1)
      return { ok: false, code: 'last_admin', email };
  }

  return submitRequest(ctx, {
    kind: 'remove',
    requesterId: ask.requesterId,
    ...(targetUserId ? { targetUserId } : {}),
    targetEmail: email,
    reason: ask.reason,
    dedupeKey,
  });
}

/**
 * The Neon email to remove, and the Slack account that goes with it when there is one: that
 * person may not approve their own removal.
 */
async function targetOf(
  ctx: ServiceContext,
  ask: RemoveAsk,
): Promise<
  { ok: true; email: string; targetUserId: string | undefined } | Extract<RemoveAskResult, { code: 'no_email' }>
> {
  if (ask.targetUserId) {
    const person = await ctx.directory.person(ask.targetUserId);
    if (!person?.email) return { ok: false, code: 'no_email', targetUserId: ask.targetUserId };
    return { ok: true, email: normaliseEmail(person.email), targetUserId: ask.targetUserId };
  }
  const email = normaliseEmail(ask.targetEmail ?? '');
  return { ok: true, email, targetUserId: (await ctx.directory.byEmail(email))?.id };
}
