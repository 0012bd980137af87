import type { Stage } from '../../sandbox/stage.ts';
import type { JobName } from '../../src/app/ports.ts';

/** The bot's work that waits for a time: what the page's clock button brings forward. */
const TIMED: readonly JobName[] = ['remind-approvers', 'expire-request', 'end-grant', 'purge-key-secret'];

/** The reminder and the expiry of a request someone decided have nothing left to do. */
const UNDECIDED_ONLY: readonly JobName[] = ['remind-approvers', 'expire-request'];

/** Timed jobs still to come that will change something, soonest first. */
export async function waitingJobs(stage: Stage): Promise<{ name: string; requestId: string; dueAt: string }[]> {
  const { rows } = await stage.bot.db.pool.query<{ name: string; requestId: string; dueAt: Date }>(
    `SELECT j.name, j.data->>'requestId' AS "requestId", j.start_after AS "dueAt"
       FROM pgboss.job j LEFT JOIN requests r ON r.id = j.data->>'requestId'
      WHERE j.name = ANY($1) AND j.state IN ('created', 'retry')
        AND NOT (j.name = ANY($2) AND r.status IS DISTINCT FROM 'pending')
      ORDER BY j.start_after`,
    [TIMED, UNDECIDED_ONLY],
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
