import type pg from 'pg';
import { type StoredEvent, toStoredEvent } from '../../src/store/events.ts';

/** A request's chained events, oldest first: what the tests check a flow recorded. */
export async function eventsOf(pool: pg.Pool, requestId: string): Promise<StoredEvent[]> {
  const { rows } = await pool.query<Parameters<typeof toStoredEvent>[0]>(
    'SELECT * FROM request_events WHERE request_id = $1 ORDER BY seq',
    [requestId],
  );
  return rows.map(toStoredEvent);
}
