import type { Stage } from '../../sandbox/stage.ts';
import type { JobName } from '../../src/app/ports.ts';

/** The bot's work that waits for a time: what the page's clock button brings forward. */
const TIMED: readonly JobName[] = ['remind-approvers', 'expire-request', 'end-grant', 'purge-key-secret'];

/** Timed jobs not yet due, soonest first. */
export async function waitingJobs(stage: Stage): Promise<{ name: string; requestId: string; dueAt: string }[]> {
  const { rows } = await stage.bot.db.pool.query<{ name: string; requestId: string; dueAt: Date }>(
    `SELECT name, data->>'requestId' AS "requestId", start_after AS "dueAt" FROM pgboss.job
      WHERE name = ANY($1) AND state IN ('created', 'retry') ORDER BY start_after`,
    [TIMED],
  );
  return rows.map((r) => ({ name: r.name, requestId: r.requestId, dueAt: r.dueAt.toISOString() }));
}

/**
 * Time passes: every timed job is made due now, the way the tests drive time (through the job
 * schedule, never by sleeping); pg-boss's workers take them at their next poll, within 2 s.
 */
export async function runTimedWorkNow(stage: Stage): Promise<number> {
  const { rowCount } = await stage.bot.db.pool.query(
    `UPDATE pgboss.job SET start_after = now() WHERE name = ANY($1) AND state IN ('created', 'retry') AND start_after > now()`,
    [TIMED],
  );
  return rowCount ?? 0;
}
