import type pg from 'pg';
import type { JobName } from '../src/app/ports.ts';

/**
 * Time passes through the job schedule, never by sleeping: the waiting `name` jobs of `requestId`
 * (those whose data also holds each of `data`'s values) become due now, and pg-boss's workers take
 * them at their next poll. Returns how many were made due. Used by the tests and the demo.
 */
export async function makeDue(
  pool: pg.Pool,
  name: JobName,
  requestId: string,
  data: Readonly<Record<string, string | number>> = {},
): Promise<number> {
  const fields = Object.entries(data);
  const match = fields.map(([field], i) => ` AND data->>'${field.replace(/\W/g, '')}' = $${i + 3}`).join('');
  const { rowCount } = await pool.query(
    `UPDATE pgboss.job SET start_after = now()
      WHERE name = $1 AND data->>'requestId' = $2 AND state IN ('created', 'retry')${match}`,
    [name, requestId, ...fields.map(([, value]) => String(value))],
  );
  return rowCount ?? 0;
}
