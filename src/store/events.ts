import type pg from 'pg';
import { canonicalJson, GENESIS_HASH, type ChainedContent } from '../audit/chain.ts';

/** Serialises appends so every event chains from the one before it; taken last, after any row lock. */
const CHAIN_LOCK = 0x6e61_6230; // arbitrary constant, unique to this table

export interface StoredEvent extends ChainedContent {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Takes the chain-wide lock until the transaction ends (re-entrant). Besides appends, whoever must
 * count events consistently with concurrent appends (a policy quota) takes it first.
 */
export async function lockChain(c: pg.PoolClient): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
}

/**
 * Must run inside the caller's transaction, last, so the event commits with the change it records.
 * The lock is held from here to COMMIT; reading the previous hash and inserting happen in one
 * statement (the hash is computed by Postgres, the same sha256 as chainHash), so the hold is two
 * round trips.
 */
export async function appendEvent(c: pg.PoolClient, e: Omit<ChainedContent, 'at'>): Promise<StoredEvent> {
  const content: ChainedContent = { ...e, at: new Date().toISOString() };
  await lockChain(c);
  const { rows } = await c.query<{ seq: string; prev_hash: string; hash: string }>(
    `WITH prev AS (SELECT coalesce((SELECT hash FROM request_events ORDER BY seq DESC LIMIT 1), $8) AS h)
     INSERT INTO request_events (request_id, event, from_status, to_status, actor_id, detail, at, prev_hash, hash)
     SELECT $1, $2, $3, $4, $5, $6, $7, prev.h, encode(sha256(convert_to(prev.h || E'\\n' || $9::text, 'UTF8')), 'hex') FROM prev
     RETURNING seq, prev_hash, hash`,
    [e.requestId, e.event, e.fromStatus, e.toStatus, e.actorId, JSON.stringify(e.detail), content.at, GENESIS_HASH, canonicalJson(content)],
  );
  const row = rows[0]!;
  return { ...content, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
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
