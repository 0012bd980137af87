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
  /** How long opening a new connection may take before it fails (default CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /**
   * How long a statement may take before it fails: both the server's statement_timeout and the
   * client's own timer, which is what ends a wait on a server that stopped answering. Unset:
   * unbounded (the one-shot CLIs).
   */
  statementTimeoutMs?: number;
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

/** A server that does not answer a new connection within this is down or unreachable. */
export const CONNECT_TIMEOUT_MS = 2_000;

export function withPool(
  url: string,
  kind: Database['kind'],
  opts: OpenDatabaseOptions,
  stopServer: () => Promise<void>,
): Database {
  const connectionTimeoutMillis = opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  // pg.Pool's connectionTimeoutMillis bounds two waits: opening a connection, and waiting for a
  // pooled one. Only the first means the database is not answering. A burst of asks queues for
  // clients busy with healthy queries (a 5 s bound there made 1,000 asks error), so the pool waits
  // without a bound and each new client carries the connect timeout itself. A statement hanging on
  // a live connection (a partition) ends at the statement timeout and frees its client.
  class BoundedConnectClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis });
    }
  }
  const ms = opts.statementTimeoutMs;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    Client: BoundedConnectClient,
    ...(ms ? { query_timeout: ms, statement_timeout: ms } : {}),
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
