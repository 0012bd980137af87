import type { JobRun } from '../app/ports.ts';
import { KIND_ACTIONS } from '../kinds/kinds.ts';
import type { ServiceContext } from '../services/context.ts';

/**
 * A time-limited grant reached its end: the kind's own action undoes it (idempotently). The end
 * is claimed first, one conditional UPDATE that an extension's queues behind (or that queues
 * behind it): a job made for an end an extension has since moved does nothing, and once claimed
 * no extension can succeed, so the two never half-happen. A job without `endsAt` (sent before
 * extensions existed, or by reconciliation) ends only a grant whose end has passed.
 */
export async function endGrant(ctx: ServiceContext, run: JobRun): Promise<void> {
  const { requestId, endsAt, by } = run.data;
  const request = await ctx.store.claimGrantEnd(requestId, endsAt ? new Date(endsAt) : new Date());
  if (!request) return; // already revoked, reverted, never done, or extended past this job's end
  await KIND_ACTIONS[request.kind].end?.(ctx, request, by);
}
