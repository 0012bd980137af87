import { formatDuration } from '../domain/duration.ts';
import {
  type ExtensionOutcome,
  type GrantState,
  grantState,
  planExtension,
  utcMinute,
} from '../domain/grant-extension.ts';
import { extensionLimits } from '../services/durations.ts';
import { eligiblePerson } from '../services/eligibility.ts';
import { grantJobs } from './grant-jobs.ts';
import { ActionRefused, type KindAction, requesterGone } from './kind-action.ts';

const NOT_EXTENDED = 'so it was not extended.';

/** Why a grant is no longer live, for the card and the DM of an extension that could not be applied. */
export function notLiveReason(grantId: string, state: Exclude<GrantState, { ok: true }>): string {
  switch (state.code) {
    case 'ended':
      return `The grant \`${grantId}\` ended at ${utcMinute(state.at)}, ${NOT_EXTENDED}`;
    case 'revoked':
      return `The grant \`${grantId}\` was revoked, ${NOT_EXTENDED}`;
    case 'not_timed':
      return `The grant \`${grantId}\` is not a live key or temporary role, ${NOT_EXTENDED}`;
  }
}

/**
 * An approved extension moves its grant's end: the same Neon key stays valid, a temporary role
 * keeps its role, and no Neon call is made. The end moves in the extension's own success
 * transaction, conditionally (the grant still live, its end unchanged and not passed), together
 * with the grant's new end-grant and warning jobs; the old ones find the end moved and do nothing.
 */
export const grantExtensionAction: KindAction = {
  async recheck(ctx, r) {
    const requester = await eligiblePerson(ctx, r.requesterId);
    return requester.ok ? undefined : `${requesterGone(requester)}, ${NOT_EXTENDED}`;
  },

  async apply(ctx, r) {
    const grant = await ctx.store.get(r.grantId ?? '');
    if (!grant) throw new ActionRefused(`The grant \`${r.grantId}\` no longer exists, ${NOT_EXTENDED}`);
    const state = grantState(grant, new Date());
    if (!state.ok) throw new ActionRefused(notLiveReason(grant.id, state));
    // The limits as they are now: the policy may have changed since the ask.
    const plan = planExtension(state.span, r.durationMs ?? 0, extensionLimits(ctx, grant));
    if (!plan.ok) throw new ActionRefused(`${limitRefusal(plan)} ${NOT_EXTENDED}`);
    const outcome: ExtensionOutcome = {
      grantId: grant.id,
      oldEnd: state.span.endsAt.toISOString(),
      newEnd: plan.newEnd.toISOString(),
    };
    return {
      result: { ...outcome },
      within: async (tx) => {
        const moved = await ctx.store.moveGrantEnd(tx, grant.id, state.span.endsAt, plan.newEnd);
        if (!moved) {
          // Its end was claimed (reached, or ended early) or it was revoked since it was read.
          const now = await ctx.store.get(grant.id);
          const after = now ? grantState(now, new Date()) : ({ ok: false, code: 'revoked' } as const);
          throw new ActionRefused(
            notLiveReason(grant.id, after.ok ? { ok: false, code: 'ended', at: state.span.endsAt } : after),
          );
        }
        await ctx.jobs.sendAll(
          [
            ...grantJobs(moved, ctx.config.grantWarningsMs),
            { name: 'sync-cards', data: { requestId: grant.id } },
            { name: 'sync-home', data: { requestId: grant.id, event: 'extended' } },
          ],
          { tx },
        );
      },
    };
  },
};

/** An extension beyond a limit, in words: which limit, and how far it allows. */
export function limitRefusal(
  plan: { code: 'over_max'; maxMs: number } | { code: 'over_total'; maxTotalMs: number; latestEnd: Date },
): string {
  return plan.code === 'over_max'
    ? `One extension may add at most ${formatDuration(plan.maxMs)}.`
    : `A grant may last at most ${formatDuration(plan.maxTotalMs)} in all, extensions included: this one may end no later than ${utcMinute(plan.latestEnd)}.`;
}
