import type pg from 'pg';
import { type StoredEvent, toStoredEvent } from '../store/events.ts';

/** One row of the history as read back; `kind` comes from the request and is not part of the hash. */
export interface HistoryEvent extends StoredEvent {
  kind: string | null;
}

export interface HistoryOptions {
  /** Only events at or after this instant. */
  since?: Date;
  /** Rows per round trip; memory stays bounded by one batch whatever the history's size. */
  batchSize?: number;
}

/**
 * Every event in `seq` order, read in keyset-paginated batches. Appends commit in `seq` order
 * (each holds the chain lock until it commits), so a batch never skips a row that commits later.
 */
export async function* readHistory(pool: pg.Pool, opts: HistoryOptions = {}): AsyncGenerator<HistoryEvent> {
  const batchSize = opts.batchSize ?? 500;
  let after = 0;
  for (;;) {
    const { rows } = await pool.query<Parameters<typeof toStoredEvent>[0] & { kind: string | null }>(
      // LEFT JOIN: an event must never vanish from a check because its request row did.
      `SELECT e.*, r.kind FROM request_events e LEFT JOIN requests r ON r.id = e.request_id
        WHERE e.seq > $1 AND ($2::timestamptz IS NULL OR e.at >= $2)
        ORDER BY e.seq LIMIT $3`,
      [after, opts.since ?? null, batchSize],
    );
    for (const row of rows) yield { ...toStoredEvent(row), kind: row.kind };
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = Number(last.seq);
  }
}
