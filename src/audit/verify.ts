import type pg from 'pg';
import type { StoredEvent } from '../store/events.ts';
import { type ChainedContent, chainHash, GENESIS_HASH } from './chain.ts';
import { readHistory } from './history.ts';

/** The last event: what an operator records so a later check can prove nothing up to it was removed. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export type VerifyResult =
  | { ok: true; count: number; head: ChainHead | undefined }
  /** `seq` names the first bad row when one row is to blame. */
  | { ok: false; count: number; seq?: number; problem: string };

export interface VerifyOptions {
  /** A hash recorded from an earlier run's head: it must still be in the history. */
  anchor?: string;
  batchSize?: number;
}

/** Exactly the fields the hash covers, named one by one so a new column never slips into it unnoticed. */
function contentOf(e: StoredEvent): ChainedContent {
  return {
    requestId: e.requestId,
    event: e.event,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorId: e.actorId,
    detail: e.detail,
    at: e.at,
  };
}

/**
 * Walks the whole chain once, in bounded memory. Catches an edited row (its hash no longer
 * matches), a deleted or inserted row (the next row's prev_hash no longer links), a missing
 * anchor, and a request whose status disagrees with its last event. A chain alone cannot see
 * its last rows removed; the last two checks are what cover that (see docs/ARCHITECTURE.md).
 */
export async function verifyHistory(pool: pg.Pool, opts: VerifyOptions = {}): Promise<VerifyResult> {
  let expectedPrev = GENESIS_HASH;
  let previous: StoredEvent | undefined;
  let count = 0;
  let anchorSeen = false;
  for await (const e of readHistory(pool, { batchSize: opts.batchSize })) {
    if (e.prevHash !== expectedPrev) {
      const problem = previous
        ? `does not chain from seq ${previous.seq}: a row between them was deleted, or seq ${previous.seq} was rewritten`
        : 'does not start the chain: the rows before it were deleted';
      return { ok: false, count, seq: e.seq, problem };
    }
    if (chainHash(e.prevHash, contentOf(e)) !== e.hash) {
      return { ok: false, count, seq: e.seq, problem: 'content does not match its hash: the row was edited' };
    }
    if (e.hash === opts.anchor) anchorSeen = true;
    expectedPrev = e.hash;
    previous = e;
    count += 1;
  }
  if (opts.anchor !== undefined && !anchorSeen) {
    return {
      ok: false,
      count,
      problem: `the anchored event ${opts.anchor} is no longer in the history: rows were deleted from the end`,
    };
  }
  const disagreement = await requestAheadOfHistory(pool);
  if (disagreement) return { ok: false, count, problem: disagreement };
  return { ok: true, count, head: previous && { seq: previous.seq, hash: previous.hash } };
}

/**
 * Every status change commits with its event, so a request's status must be its last event's
 * to_status. When it is not, that request's latest events were removed (or the row was changed).
 */
async function requestAheadOfHistory(pool: pg.Pool): Promise<string | undefined> {
  const { rows } = await pool.query<{ id: string; status: string; last: string | null }>(
    `SELECT r.id, r.status, last.to_status AS last
       FROM requests r
       LEFT JOIN LATERAL (SELECT to_status FROM request_events e WHERE e.request_id = r.id ORDER BY e.seq DESC LIMIT 1) last ON true
      WHERE last.to_status IS DISTINCT FROM r.status
      ORDER BY r.created_at, r.id
      LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return undefined;
  const history = r.last === null ? 'has no events' : `ends at '${r.last}'`;
  return `request ${r.id} is '${r.status}' but its history ${history}: its latest events were deleted, or the request was changed`;
}
