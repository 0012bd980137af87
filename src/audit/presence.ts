import type pg from 'pg';

export type HistoryPresence =
  | { kind: 'present' }
  /** Nothing to check: the wrong database, or one the bot has not used yet. Not tampering. */
  | { kind: 'none'; problem: string }
  /** The history table is gone while requests remain: that is tampering, not an empty history. */
  | { kind: 'dropped'; problem: string };

/**
 * Whether there is a history to check at all. An empty history with no requests is a new database
 * and says so; an empty one beside requests is left to verify, which names the first bare request.
 */
export async function historyPresence(pool: pg.Pool): Promise<HistoryPresence> {
  const { rows } = await pool.query<{ events: string | null; requests: string | null }>(
    `SELECT to_regclass('request_events')::text AS events, to_regclass('requests')::text AS requests`,
  );
  const tables = rows[0]!;
  const any = async (table: string) =>
    (await pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS any`)).rows[0]!.any;
  const requests = tables.requests !== null && (await any('requests'));
  if (tables.events === null) {
    return requests
      ? {
          kind: 'dropped',
          problem:
            'the request_events table is gone, but the requests table still holds requests: the history was dropped',
        }
      : {
          kind: 'none',
          problem:
            "this database has no request_events table: it is not the bot's database, or the bot has never started on it",
        };
  }
  if (!requests && !(await any('request_events'))) {
    return { kind: 'none', problem: 'the history is empty: the bot has recorded no request in this database yet' };
  }
  return { kind: 'present' };
}
