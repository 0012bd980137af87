import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../../src/audit/chain.ts';
import { fromStatuses } from '../../../src/domain/request.ts';
import { RequestStore } from '../../../src/store/requests.ts';
import { eventsOf } from '../../support/request-events.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let store: RequestStore;
let n = 0;
const nextId = () => `R-TEST${String(++n).padStart(4, '0')}`;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new RequestStore(db.pool);
});
afterAll(() => db.drop());

const ask = (id: string, dedupeKey = `invite:${id}@example.com`) =>
  store.create({
    id,
    kind: 'invite',
    requesterId: 'U1',
    requesterEmail: `${id}@example.com`,
    role: 'member',
    reason: 'r',
    dedupeKey,
  });

describe('RequestStore', () => {
  it('creates a pending request with its first event', async () => {
    const id = nextId();
    const created = await ask(id);
    expect(created.ok && created.request.status).toBe('pending');
    const events = await eventsOf(db.pool, id);
    expect(events.map((e) => [e.event, e.fromStatus, e.toStatus])).toEqual([['create', null, 'pending']]);
  });

  it('keeps one open request per dedupe key and points to it', async () => {
    const first = nextId();
    await ask(first, 'invite:same@example.com');
    const second = await ask(nextId(), 'invite:same@example.com');
    expect(second).toMatchObject({ ok: false, code: 'duplicate', existing: { id: first } });
  });

  it('allows a new request once the earlier one is closed', async () => {
    const first = nextId();
    await ask(first, 'invite:again@example.com');
    await store.transition({ id: first, event: 'deny', from: fromStatuses('deny'), to: 'denied', actorId: 'U9' });
    expect((await ask(nextId(), 'invite:again@example.com')).ok).toBe(true);
  });

  it('lets exactly one of many concurrent transitions win', async () => {
    const id = nextId();
    await ask(id);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.transition({
          id,
          event: 'approve',
          from: fromStatuses('approve'),
          to: 'approved',
          actorId: `U${i}`,
          patch: { decidedBy: `U${i}` },
        }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => !r.ok);
    expect(losers.every((r) => !r.ok && r.code === 'wrong_status' && r.current.status === 'approved')).toBe(true);
    const events = await eventsOf(db.pool, id);
    expect(events.filter((e) => e.event === 'approve')).toHaveLength(1);
  });

  it('answers not_found for an unknown id', async () => {
    expect(
      await store.transition({ id: 'R-NOPE0000', event: 'approve', from: ['pending'], to: 'approved', actorId: 'U1' }),
    ).toEqual({ ok: false, code: 'not_found' });
  });

  it('chains every event to the one before it', async () => {
    const { rows } = await db.pool.query('SELECT * FROM request_events ORDER BY seq');
    let prev = GENESIS_HASH;
    for (const r of rows) {
      expect(r.prev_hash).toBe(prev);
      const content = {
        requestId: r.request_id,
        event: r.event,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actorId: r.actor_id,
        detail: r.detail,
        at: r.at.toISOString(),
      };
      expect(chainHash(prev, content)).toBe(r.hash);
      prev = r.hash;
    }
    expect(rows.length).toBeGreaterThan(5);
  });

  it('refuses to edit or delete history', async () => {
    await expect(db.pool.query(`UPDATE request_events SET actor_id = 'U666'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM request_events')).rejects.toThrow(/append-only/);
  });
});
