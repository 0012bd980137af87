import type { Stage } from '../../sandbox/stage.ts';
import type { JobName } from '../../src/app/ports.ts';
import type { Skipped, TimedJob } from '../shared/state.ts';

/** The bot's work that waits for a time: what the page's clock button brings forward. */
const TIMED: readonly JobName[] = [
  'remind-approvers',
  'escalate-request',
  'expire-request',
  'warn-grant',
  'end-grant',
  'purge-key-secret',
];

/** A request someone decided has nothing left for its reminder, escalation or expiry to do. */
const UNDECIDED_ONLY: readonly JobName[] = ['remind-approvers', 'escalate-request', 'expire-request'];

/** Timed jobs still to come that will change something, soonest first. */
export async function waitingJobs(stage: Stage): Promise<TimedJob[]> {
  const { rows } = await stage.bot.db.pool.query<{ name: string; requestId: string; dueAt: Date }>(
    `SELECT j.name, j.data->>'requestId' AS "requestId", j.start_after AS "dueAt"
       FROM pgboss.job j LEFT JOIN requests r ON r.id = j.data->>'requestId'
      WHERE j.name = ANY($1) AND j.state IN ('created', 'retry') AND j.start_after > now()
        AND NOT (j.name = ANY($2) AND r.status IS DISTINCT FROM 'pending')
      ORDER BY j.start_after`,
    [TIMED, UNDECIDED_ONLY],
  );
  return rows.map((r) => ({ name: r.name, requestId: r.requestId, dueAt: r.dueAt.toISOString() }));
}

/**
 * Time passes to the next timed work, the way the tests drive time (through the job schedule,
 * never by sleeping): what is due at that moment is made due now, and pg-boss's workers take it
 * at their next poll, within 2 s. One step at a time, so a grant's warning comes before its end
 * and can still be answered with Extend….
 */
export async function skipToNextTimedWork(stage: Stage): Promise<Skipped> {
  const [next] = await waitingJobs(stage);
  if (!next) return { due: 0 };
  const { rowCount } = await stage.bot.db.pool.query(
    `UPDATE pgboss.job SET start_after = now()
      WHERE name = ANY($1) AND state IN ('created', 'retry') AND start_after > now() AND start_after <= $2`,
    [TIMED, next.dueAt],
  );
  return { due: rowCount ?? 0, next };
}
