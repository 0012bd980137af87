import type pg from 'pg';
import { type ChainedContent, canonicalJson, GENESIS_HASH } from '../audit/chain.ts';

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
 * The lock is held from here to COMMIT; taking it, reading the previous hash and inserting are one
 * call (db/migrations/007; the hash is computed by Postgres, the same sha256 as chainHash), so the
 * hold is this round trip and the COMMIT's.
 */
export async function appendEvent(c: pg.PoolClient, e: Omit<ChainedContent, 'at'>): Promise<StoredEvent> {
  const content: ChainedContent = { ...e, at: new Date().toISOString() };
  const { rows } = await c.query<{ out_seq: string; out_prev_hash: string; out_hash: string }>(
    'SELECT * FROM append_request_event($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    [
      CHAIN_LOCK,
      GENESIS_HASH,
      canonicalJson(content),
      e.requestId,
      e.event,
      e.fromStatus,
      e.toStatus,
      e.actorId,
      JSON.stringify(e.detail),
      content.at,
    ],
  );
  const row = rows[0]!;
  return { ...content, seq: Number(row.out_seq), prevHash: row.out_prev_hash, hash: row.out_hash };
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
