import type { ServiceContext } from '../services/context.ts';
import type { TransitionInput, TransitionResult } from '../store/requests.ts';
import { failpoint } from '../failpoint.ts';
import { announce } from './announce.ts';

/**
 * A status change and everything Slack must show about it, in one transaction: the row, its
 * chained event, the caller's own jobs (`within`) and the announcement jobs commit together.
 */
export async function move(ctx: ServiceContext, t: TransitionInput): Promise<TransitionResult> {
  const result = await ctx.store.transition({
    ...t,
    within: async (tx, request) => {
      await t.within?.(tx, request);
      await announce(ctx, tx, request, t.event, t.actorId);
    },
  });
  if (result.ok) {
    failpoint(`after-${t.event}`);
    ctx.metrics.transitioned(result.request, result.from);
    ctx.log.info({ requestId: t.id, event: t.event, from: result.from, to: result.request.status, actor: t.actorId }, 'request moved');
    ctx.jobs.wake();
    // The card sync stored in the transaction may have been folded into an older queued one that a
    // worker fetched just before this commit (and so renders the old row). Sent again now, it is
    // either folded into one that runs after the commit, or stored: the card always ends true.
    await ctx.jobs.send('sync-cards', { requestId: t.id }).catch((err: unknown) => ctx.log.warn({ err }, 'could not queue a card sync'));
  }
  return result;
}
