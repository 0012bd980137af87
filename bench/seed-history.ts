import pg from 'pg';
import { type ChainedContent, canonicalJson, chainHash, GENESIS_HASH } from '../src/audit/chain.ts';

const BATCH = 5_000;
/** Request ids as the bot spells them (R- and 8 of its 32 letters): hex, with 0 and 1 swapped for W and X. */
const requestId = (i: number) =>
  `R-${i.toString(16).toUpperCase().padStart(8, '0').replace(/0/g, 'W').replace(/1/g, 'X')}`;

/**
 * `n` past requests (invitations asked by `requesters` in turn, over the past year) into a
 * database the bot has migrated and not yet written to: the last `pending` still wait for a
 * decision (asked in the last hour; one event each), the others closed with two chained events
 * (create → pending, then deny or expire). The hashes are computed here with the bot's own
 * `chainHash`, so `audit verify` checks them as it checks the bot's.
 */
export async function seedHistory(
  databaseUrl: string,
  requesters: { id: string; email: string }[],
  approverId: string,
  n: number,
  pending: number,
): Promise<void> {
  if (pending > requesters.length) throw new Error('one open request per requester: more requesters needed');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const yearAgo = Date.now() - 365 * 86_400_000;
    const step = Math.floor((365 * 86_400_000) / n);
    let prev = GENESIS_HASH;
    let seq = 0;
    for (let from = 0; from < n; from += BATCH) {
      const req: unknown[][] = [[], [], [], [], [], [], [], []];
      const ev: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
      for (let i = from; i < Math.min(n, from + BATCH); i++) {
        const who = requesters[i % requesters.length]!;
        const open = i >= n - pending;
        const denied = i % 2 === 0;
        const created = new Date(open ? Date.now() - (n - i) * 1000 : yearAgo + i * step).toISOString();
        const decided = open ? null : new Date(yearAgo + i * step + 60_000).toISOString();
        const status = open ? 'pending' : denied ? 'denied' : 'expired';
        const id = requestId(i + 1);
        for (const [col, v] of [
          id,
          status,
          who.id,
          who.email,
          `invite:${who.email}`,
          denied && !open ? approverId : null,
          created,
          decided,
        ].entries())
          req[col]!.push(v);
        const events: ChainedContent[] = [
          {
            requestId: id,
            event: 'create',
            fromStatus: null,
            toStatus: 'pending',
            actorId: who.id,
            detail: {},
            at: created,
          },
          {
            requestId: id,
            event: denied ? 'deny' : 'expire',
            fromStatus: 'pending',
            toStatus: status,
            actorId: denied ? approverId : 'system',
            detail: {},
            at: decided ?? created,
          },
        ];
        for (const e of open ? events.slice(0, 1) : events) {
          const hash = chainHash(prev, e);
          for (const [col, v] of [
            ++seq,
            e.requestId,
            e.event,
            e.fromStatus,
            e.toStatus,
            e.actorId,
            canonicalJson(e.detail),
            e.at,
            prev,
            hash,
          ].entries())
            ev[col]!.push(v);
          prev = hash;
        }
      }
      await db.query(
        `INSERT INTO requests (id, kind, status, requester_id, requester_email, role, reason, dedupe_key, decided_by, decided_at, created_at, updated_at)
         SELECT id, 'invite', status, rid, email, 'member', 'seeded', dk, by, decided::timestamptz, created::timestamptz, coalesce(decided, created)::timestamptz
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
             AS t(id, status, rid, email, dk, by, created, decided)`,
        req,
      );
      await db.query(
        `INSERT INTO request_events (seq, request_id, event, from_status, to_status, actor_id, detail, at, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::text[], $10::text[])`,
        ev,
      );
    }
    await db.query(`SELECT setval('request_events_seq_seq', $1)`, [seq]);
    await db.query('ANALYZE requests; ANALYZE request_events');
  } finally {
    await db.end();
  }
}
