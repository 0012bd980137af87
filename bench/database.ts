import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '../src/store/embedded.ts';
import { onCleanup } from './cleanup.ts';

export interface BenchDatabase {
  url: string;
  /** 'external' (BENCH_DATABASE_URL / TEST_DATABASE_URL) or 'embedded'. */
  kind: string;
  drop(): Promise<void>;
}

/** A fresh database for one bench run: on the server named by the environment, else an embedded one. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const name = `nab_bench_${randomBytes(4).toString('hex')}`;
  if (server) {
    await ensureDatabase(server, name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: 'external',
      drop: onCleanup(async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      }),
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'nab-bench-pg-'));
  await chmod(dir, 0o755);
  const embedded = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
  await ensureDatabase(embedded.url('postgres'), name);
  return {
    url: embedded.url(name),
    kind: 'embedded',
    drop: onCleanup(async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    }),
  };
}
