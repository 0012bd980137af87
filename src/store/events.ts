import type pg from 'pg';
import { chainHash, GENESIS_HASH, type ChainedContent } from '../audit/chain.ts';

/** Serialises appends so every event chains from the one before it; taken last, after any row lock. */
const CHAIN_LOCK = 0x6e61_6230; // arbitrary constant, unique to this table

export interface StoredEvent extends ChainedContent {
  seq: number;
  prevHash: string;
  hash: string;
}

/** Must run inside the caller's transaction, so the event commits with the change it records. */
export async function appendEvent(c: pg.PoolClient, e: Omit<ChainedContent, 'at'>): Promise<StoredEvent> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const last = await c.query<{ hash: string }>('SELECT hash FROM request_events ORDER BY seq DESC LIMIT 1');
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  const content: ChainedContent = { ...e, at: new Date().toISOString() };
  const hash = chainHash(prevHash, content);
  const { rows } = await c.query<{ seq: string }>(
    `INSERT INTO request_events (request_id, event, from_status, to_status, actor_id, detail, at, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq`,
    [e.requestId, e.event, e.fromStatus, e.toStatus, e.actorId, JSON.stringify(e.detail), content.at, prevHash, hash],
  );
  return { ...content, seq: Number(rows[0]!.seq), prevHash, hash };
}

interface EventRow {
  seq: string;
  request_id: string;
  event: string;
  from_status: string | null;
  to_status: string;
  actor_id: string;
  detail: Record<string, unknown>;
  at: Date;
  prev_hash: string;
  hash: string;
}

export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    seq: Number(r.seq),
    requestId: r.request_id,
    event: r.event,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    actorId: r.actor_id,
    detail: r.detail,
    at: r.at.toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function eventsOf(pool: pg.Pool, requestId: string): Promise<StoredEvent[]> {
  const { rows } = await pool.query<EventRow>('SELECT * FROM request_events WHERE request_id = $1 ORDER BY seq', [requestId]);
  return rows.map(toStoredEvent);
}
