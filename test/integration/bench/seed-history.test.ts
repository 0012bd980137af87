import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHistory } from '../../../bench/seed-history.ts';
import { verifyHistory } from '../../../src/audit/verify.ts';
import { appendEvent } from '../../../src/store/events.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The bench's scale section seeds a history fast, outside the bot; `audit verify` must accept it
// as the bot's own, and the bot's next event must chain on from it.
let db: TestDatabase;
const requesters = Array.from({ length: 50 }, (_, i) => ({ id: `USEED${i}`, email: `seed${i}@example.com` }));

beforeAll(async () => {
  db = await createTestDatabase();
  await seedHistory(db.url, requesters, 'UAPPROVER', 1_000, 40);
});
afterAll(() => db.drop());

describe('the bench history seed', () => {
  it('passes audit verify: 960 closed requests with two events, 40 pending with one', async () => {
    expect(await verifyHistory(db.pool, { batchSize: 300 })).toMatchObject({ ok: true, count: 1_960 });
    const { rows } = await db.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM requests GROUP BY status ORDER BY status',
    );
    expect(rows).toEqual([
      { status: 'denied', n: 480 },
      { status: 'expired', n: 480 },
      { status: 'pending', n: 40 },
    ]);
  });

  it("is followed by the bot's next event as by one of its own", async () => {
    const c = await db.pool.connect();
    try {
      await c.query('BEGIN');
      const { rows } = await c.query<{ id: string }>(
        `UPDATE requests SET status = 'cancelled' WHERE id = (SELECT id FROM requests WHERE status = 'pending' LIMIT 1) RETURNING id`,
      );
      await appendEvent(c, {
        requestId: rows[0]!.id,
        event: 'cancel',
        fromStatus: 'pending',
        toStatus: 'cancelled',
        actorId: 'USEED0',
        detail: {},
      });
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    expect(await verifyHistory(db.pool)).toMatchObject({ ok: true, count: 1_961 });
  });
});
