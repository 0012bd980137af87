import type pg from 'pg';
import type { RequestStore } from '../../../src/store/requests.ts';
/** Env for the real CLI on a test database: audit needs DATABASE_URL and nothing else. */
export const cliEnv = (databaseUrl: string) => ({ DATABASE_URL: databaseUrl });

let n = 0;

/** One invite request taken through the real store: create → approve → start → succeed (4 chained events). */
export async function inviteLifecycle(store: RequestStore, detail: Record<string, unknown> = {}): Promise<string> {
  const id = `R-AUD${String(++n).padStart(5, '0')}`;
  const created = await store.create({
    id,
    kind: 'invite',
    requesterId: 'UMEMBER01',
    requesterEmail: `${id.toLowerCase()}@example.com`,
    role: 'member',
    reason: 'need access',
    dedupeKey: `invite:${id}`,
  });
  if (!created.ok) throw new Error(`could not create ${id}`);
  const steps = [
    { event: 'approve', from: 'pending', to: 'approved', actorId: 'UADMIN001', detail },
    { event: 'start', from: 'approved', to: 'executing', actorId: 'system', detail: {} },
    { event: 'succeed', from: 'executing', to: 'done', actorId: 'system', detail: { invitation: 'inv-1' } },
  ] as const;
  for (const s of steps) {
    const moved = await store.transition({
      id,
      event: s.event,
      from: [s.from],
      to: s.to,
      actorId: s.actorId,
      detail: { ...s.detail },
    });
    if (!moved.ok) throw new Error(`${id}: ${s.event} refused`);
  }
  return id;
}

/** What a tamperer does: switch the append-only trigger off, change history, switch it back on. */
export async function tamper(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('ALTER TABLE request_events DISABLE TRIGGER request_events_no_update_or_delete');
    await c.query(sql, params);
  } finally {
    await c.query('ALTER TABLE request_events ENABLE TRIGGER request_events_no_update_or_delete');
    c.release();
  }
}

export async function seqs(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ seq: string }>('SELECT seq FROM request_events ORDER BY seq');
  return rows.map((r) => Number(r.seq));
}
