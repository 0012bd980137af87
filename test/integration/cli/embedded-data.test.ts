import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DB_NAME } from '../../../src/store/database.ts';
import { type EmbeddedServer, ensureDatabase, startEmbeddedPostgres } from '../../../src/store/embedded.ts';
import { migrate } from '../../../src/store/migrate.ts';
import { RequestStore } from '../../../src/store/requests.ts';
import { inviteLifecycle } from '../audit/fixtures.ts';
import { runCli } from './run-cli.ts';

// The bot's own layout, in a directory of its own: ./data/pg (the cluster) and ./data/superuser-password.
let dir: string;
let server: EmbeddedServer | undefined;
const pidFile = () => path.join(dir, 'data', 'pg', 'postmaster.pid');
const inDir = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, env, { cwd: dir, timeoutMs: 60_000 });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'embedded-data-'));
  // mkdtemp makes it 0700; as root the server runs as a separate postgres user that must enter it.
  await chmod(dir, 0o755);
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: true });
  await ensureDatabase(server.url('postgres'), EMBEDDED_DB_NAME);
  await migrate(server.url(EMBEDDED_DB_NAME));
  const pool = new pg.Pool({ connectionString: server.url(EMBEDDED_DB_NAME), max: 2 });
  try {
    const store = new RequestStore(pool);
    for (let i = 0; i < 2; i++) await inviteLifecycle(store);
  } finally {
    await pool.end();
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the bot's embedded database in ./data, while the bot runs it", () => {
  it('audit verify --embedded joins the running server and leaves it running', async () => {
    const out = await inDir(['audit', 'verify', '--embedded']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('audit verify: ok, 8 events, chain intact');
    expect(existsSync(pidFile())).toBe(true);
    const still = new pg.Client({ connectionString: server!.url(EMBEDDED_DB_NAME) });
    await still.connect();
    await still.end();
  });

  it('doctor without DATABASE_URL checks it (it used to fail to start a second server: "unreachable: undefined")', async () => {
    const out = await inDir(['doctor']);
    const line = (name: string) => out.stdout.split('\n').find((l) => l.slice(2).startsWith(`${name} `));
    expect(line('Database'), out.stdout).toMatch(/^✓ Database +reachable \(embedded, \.\/data\)$/);
    expect(line('Migrations')).toMatch(/^✓ Migrations +all applied$/);
  });

  it('audit without --embedded or DATABASE_URL still starts nothing and reads nothing: exit 2', async () => {
    const out = await inDir(['audit', 'verify']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--embedded');
  });
});

describe("the bot's embedded database in ./data, while the bot is stopped", () => {
  beforeAll(async () => {
    await server?.stop();
    server = undefined;
  });

  it('audit verify --embedded starts the server for the audit alone and stops it again', async () => {
    expect(existsSync(pidFile())).toBe(false);
    const out = await inDir(['audit', 'verify', '--embedded']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('audit verify: ok, 8 events, chain intact');
    expect(existsSync(pidFile())).toBe(false);
  });

  it('audit export --embedded: every event, the server stopped again', async () => {
    const out = await inDir(['audit', 'export', '--embedded']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.trim().split('\n')).toHaveLength(8);
    expect(out.stderr.trim()).toBe('audit export: 8 events');
    expect(existsSync(pidFile())).toBe(false);
  });
});
