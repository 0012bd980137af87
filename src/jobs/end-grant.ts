import type { JobRun } from '../app/ports.ts';
import { KIND_ACTIONS } from '../kinds/kinds.ts';
import type { ServiceContext } from '../services/context.ts';

/** A time-limited grant reached its end: the kind's own action undoes it (idempotently). */
export async function endGrant(ctx: ServiceContext, run: JobRun): Promise<void> {
  const request = await ctx.store.get(run.data.requestId);
  if (request?.status !== 'done') return; // already revoked, reverted, or never done
  await KIND_ACTIONS[request.kind].end?.(ctx, request);
}
