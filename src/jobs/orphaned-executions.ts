import type { ServiceContext } from '../services/context.ts';
import { executionLock } from './execute-request.ts';

/** How often the sweep runs; and how long after its claim an attempt must hold its lock. */
const SWEEP_MS = 2_000;
const CLAIMED_SECONDS = 3;

/**
 * A request's execution whose process died is retried at once rather than once its heartbeat goes
 * stale (10 s and more): the attempt held the request's run lock, which Postgres frees the moment
 * the dead process's connection closes. A request still `executing` whose attempt has run for a
 * while (long enough to have taken the lock) without anyone holding it has no worker left.
 */
export async function retryOrphanedExecutions(ctx: ServiceContext): Promise<number> {
  let retried = 0;
  for (const attempt of await ctx.jobs.running('execute-request', CLAIMED_SECONDS)) {
    const { requestId } = attempt.data;
    if ((await ctx.store.get(requestId))?.status !== 'executing') continue;
    if (!(await ctx.runLocks.isFree(executionLock(requestId)))) continue;
    await ctx.jobs.retry('execute-request', attempt);
    retried++;
  }
  return retried;
}

/**
 * Sweeps when the process starts (a restart picks up what its predecessor left at once) and every
 * SWEEP_MS after (another replica's death). Returns the function that stops it.
 */
export function sweepOrphanedExecutions(ctx: ServiceContext): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sweep = async () => {
    try {
      const retried = await retryOrphanedExecutions(ctx);
      if (retried) ctx.log.info({ retried }, 'retried the executions of requests whose worker died');
    } catch (err) {
      // The database is out of reach: the heartbeat monitor covers the same ground once it is back.
      ctx.log.debug({ err }, 'could not look for executions whose worker died');
    }
    if (!stopped) timer = setTimeout(sweep, SWEEP_MS).unref();
  };
  void sweep();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
