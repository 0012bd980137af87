import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/store/migrate.ts';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A throw-away database of its own for one test file, migrated unless told otherwise. */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = inject('testServerUrl');
  const name = `nab_t_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  if (opts.migrated !== false) await migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      await admin(serverUrl, async (c) => {
        // pool.end() resolves before its sockets are closed; dropping now would kill them mid-close
        // and surface as an uncaught error. Wait for the sessions to go, FORCE only as a last resort.
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline) {
          const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
