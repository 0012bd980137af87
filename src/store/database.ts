import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';

export interface Database {
  pool: pg.Pool;
  url: string;
  /** 'external' when DATABASE_URL was given, else the embedded server under ./data/. */
  kind: 'external' | 'embedded';
  close(): Promise<void>;
}

export const EMBEDDED_DB_NAME = 'neon_access_bot';

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** Where the embedded server keeps its data when no DATABASE_URL is given. */
  dataDir?: string;
  poolSize?: number;
  /**
   * How long connecting or a statement may take before it fails (both the server's
   * statement_timeout and the client's own timer, which is what ends a wait on an unreachable
   * server). Waiting for a free connection may take 5 s either way. Unset: connecting may take
   * 5 s, statements are unbounded (the one-shot CLIs).
   */
  timeoutMs?: number;
  onServerLog?: (line: string) => void;
  onPoolError?: (err: Error) => void;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return withPool(opts.databaseUrl, 'external', opts, async () => undefined);
  const server = await startEmbeddedPostgres({
    dataDir: path.resolve(opts.dataDir ?? 'data'),
    persistent: true,
    onLog: opts.onServerLog,
  });
  await ensureDatabase(server.url('postgres'), EMBEDDED_DB_NAME).catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  return withPool(server.url(EMBEDDED_DB_NAME), 'embedded', opts, () => server.stop());
}

function connectingWithin(ms: number) {
  return class extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: ms });
    }
  };
}

export function withPool(
  url: string,
  kind: Database['kind'],
  opts: OpenDatabaseOptions,
  stopServer: () => Promise<void>,
): Database {
  const ms = opts.timeoutMs;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    // How long to wait for a free connection under load, or for a new one to be made...
    connectionTimeoutMillis: 5_000,
    // ...except that making one gives up sooner: a burst may queue for a while, a silent server not.
    ...(ms ? { Client: connectingWithin(ms), query_timeout: ms, statement_timeout: ms } : {}),
    // A dead peer on an idle connection is noticed by the kernel instead of at the next query.
    keepAlive: true,
  });
  // An idle client losing its server (a Postgres restart) must not crash the process; the next query reconnects.
  pool.on('error', (err) => opts.onPoolError?.(err));
  return {
    pool,
    url,
    kind,
    async close() {
      // The embedded server is stopped even when the pool fails to end: it must not outlive the process.
      try {
        await pool.end();
      } finally {
        await stopServer();
      }
    },
  };
}
