import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../sandbox/eventually.ts';
import { type Database, withPool } from '../../../src/store/database.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

const CONNECT_TIMEOUT_MS = 200;

describe('the database pool', () => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createTestDatabase({ migrated: false });
    db = withPool(t.url, 'external', { poolSize: 1, connectTimeoutMs: CONNECT_TIMEOUT_MS }, async () => undefined);
  });
  afterAll(async () => {
    await db?.close();
    await t?.drop();
  });

  it('queues a burst behind healthy queries however long they hold every client, rather than failing it', async () => {
    // The pool's only client is busy for several connect timeouts; the burst waits for it.
    const busy = db.pool.query('SELECT pg_sleep($1)', [(CONNECT_TIMEOUT_MS * 5) / 1000]);
    await eventually(() => db.pool.totalCount === 1 && db.pool.idleCount === 0, 10_000, 'the client to be busy');
    const burst = Array.from({ length: 20 }, (_, i) => db.pool.query<{ n: number }>('SELECT $1::int AS n', [i]));
    await eventually(() => db.pool.waitingCount === 20, 10_000, 'the burst to queue');
    await busy;
    const answers = await Promise.all(burst);
    expect(answers.map((a) => a.rows[0]!.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  describe('when the server accepts connections but never answers', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      silent = createServer((s) => void sockets.push(s));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    });

    it('fails a query with the connect timeout instead of waiting for ever', async () => {
      const { port } = silent.address() as { port: number };
      const dead = withPool(
        `postgres://postgres@127.0.0.1:${port}/none`,
        'external',
        { connectTimeoutMs: CONNECT_TIMEOUT_MS },
        async () => undefined,
      );
      try {
        await expect(dead.pool.query('SELECT 1')).rejects.toThrow(/timeout/i);
      } finally {
        await dead.close();
      }
    });
  });
});
