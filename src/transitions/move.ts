import type { JobName, JobSpec } from '../app/ports.ts';
import { fromStatuses, type RequestEvent, targetOf } from '../domain/request.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { failpoint } from '../failpoint.ts';
import type { ServiceContext } from '../services/context.ts';
import type { TransitionInput, TransitionResult } from '../store/requests.ts';
import { announcements } from './announcements.ts';

export interface MoveInput extends Omit<TransitionInput, 'event' | 'from' | 'to'> {
  event: RequestEvent;
  /** Jobs the change itself asks for (e.g. the execution an approval starts), stored with it. */
  jobs?: (request: RequestRecord) => JobSpec[];
}

/**
 * A status change (the statuses it leaves from and leads to are the event's) and everything Slack must show about it, in one transaction: the row, its
 * chained event, the caller's own work (`within`) and jobs, and the announcement jobs commit
 * together (the jobs in one query).
 */
export async function move(ctx: ServiceContext, t: MoveInput): Promise<TransitionResult> {
  let stored: JobSpec[] = [];
  let folded: JobName[] = [];
  const result = await ctx.store.transition({
    ...t,
    from: fromStatuses(t.event),
    to: targetOf(t.event),
    within: async (tx, request) => {
      await t.within?.(tx, request);
      stored = [...(t.jobs?.(request) ?? []), ...announcements(ctx.present, request, t.event, t.actorId)];
      folded = await ctx.jobs.sendAll(stored, { tx });
    },
  });
  if (result.ok) {
    failpoint(`after-${t.event}`);
    ctx.metrics.transitioned(result.request, result.from);
    ctx.log.info(
      { requestId: t.id, event: t.event, from: result.from, to: result.request.status, actor: t.actorId },
      'request moved',
    );
    ctx.jobs.wake(stored);
    // A card sync folded into an older queued one may have been fetched by a worker just before
    // this commit (and so render the old row). Sent again now, it is either folded into one that
    // runs after the commit, or stored: the card always ends true. One stored new needs no second.
    if (folded.includes('sync-cards'))
      await ctx.jobs
        .send('sync-cards', { requestId: t.id })
        .catch((err: unknown) => ctx.log.warn({ err }, 'could not queue a card sync'));
  }
  return result;
}
