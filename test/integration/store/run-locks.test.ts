import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../sandbox/eventually.ts';
import { RunLocks } from '../../../src/store/run-locks.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/** Two processes' locks on one database: each a RunLocks of its own. */
let db: TestDatabase;
const lost: number[] = [];
const locksFor = () =>
  new RunLocks({ databaseUrl: db.url, timeoutMs: 2_000, onConnectionLost: (_err, held) => lost.push(held) });
let here: RunLocks;
let there: RunLocks;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  here = locksFor();
  there = locksFor();
});
afterAll(async () => {
  await Promise.all([here.close(), there.close()]);
  await db.drop();
});

describe('RunLocks', () => {
  it('one holder at a time, in this process and across processes, until it lets go', async () => {
    expect(await here.tryLock('a')).toBe(true);
    expect(await here.tryLock('a')).toBe(false); // another worker of the same process
    expect(await there.tryLock('a')).toBe(false);
    expect(await there.isFree('a')).toBe(false);
    expect(await there.tryLock('b')).toBe(true); // other names are not held up
    await here.unlock('a');
    expect(await there.isFree('a')).toBe(true);
    expect(await there.tryLock('a')).toBe(true); // isFree took nothing
    await there.unlock('a');
    await there.unlock('b');
  });

  it('a holder whose connection dies (its process was killed) frees its locks at once, and says so', async () => {
    expect(await here.tryLock('c')).toBe(true);
    await db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'neon-access-bot-locks' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')`,
    );
    await eventually(async () => await there.isFree('c'), 5_000, 'the lock to be free');
    await eventually(() => lost.includes(1), 5_000, 'the holder to notice');
    // The name stays taken in the holder's own process until its run ends.
    expect(await here.tryLock('c')).toBe(false);
    await here.unlock('c');
    expect(await here.tryLock('c')).toBe(true);
    await here.unlock('c');
  });
});
