import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RequestStore } from '../../../src/store/requests.ts';
import { closedPort } from '../../support/closed-port.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { REQUIRED_ENV, runCli } from '../cli/run-cli.ts';
import { cliEnv, inviteLifecycle, tamper } from './fixtures.ts';

// Exit codes as documented: 1 is "tampered" and nothing else; whatever stops a check is 2.
const TAMPERED = 1;
const COULD_NOT_CHECK = 2;

let cwd: string;
beforeAll(async () => {
  // Without DATABASE_URL the CLI would look at ./data: an empty directory of its own shows nothing is made there.
  cwd = await mkdtemp(path.join(tmpdir(), 'audit-cwd-'));
  await chmod(cwd, 0o755);
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

const audit = (args: string[], env: Record<string, string | undefined>) => runCli(['audit', ...args], env, { cwd });

describe('audit without a database to read', () => {
  it.each([['verify'], ['export']])(
    'audit %s without DATABASE_URL: says how to name one, starts nothing, exit 2',
    async (sub) => {
      // The Slack variables are there: what used to happen was an embedded database started and "relation does not exist", exit 1.
      const out = await audit([sub], REQUIRED_ENV);
      expect(out.code).toBe(COULD_NOT_CHECK);
      expect(out.stdout).toBe('');
      expect(out.stderr.trimEnd().split('\n')).toEqual([
        `audit ${sub}: DATABASE_URL is not set; audit reads the bot's database and never starts one of its own.`,
        `  Point it at the bot's database:  DATABASE_URL=postgres://… npm run audit -- ${sub}`,
        `  Or, for the embedded database the bot keeps in ./data when it runs without DATABASE_URL, from the bot's directory:  npm run audit -- ${sub} --embedded`,
      ]);
      expect(await readdir(cwd)).toEqual([]);
    },
  );

  it.each([
    [['--embedded'], 'data: run it from the directory the bot runs in'],
    [['--data-dir', 'demo-data'], 'demo-data: check the folder --data-dir names'],
  ])('%j where there is no embedded database: says so, creates nothing, exit 2', async (args, where) => {
    const out = await audit(['verify', ...args], {});
    expect(out.code).toBe(COULD_NOT_CHECK);
    expect(out.stderr.trim()).toBe(
      `audit verify: there is no embedded database in ${cwd}/${where}, or set DATABASE_URL`,
    );
    expect(await readdir(cwd)).toEqual([]);
  });

  it.each([
    [['--embedded'], '--embedded reads ./data'],
    [['--data-dir', 'demo-data'], '--data-dir reads demo-data'],
  ])('%j and DATABASE_URL together: refused, exit 2', async (args, reads) => {
    const out = await audit(['verify', ...args], { DATABASE_URL: 'postgres://127.0.0.1/x' });
    expect(out.code).toBe(COULD_NOT_CHECK);
    expect(out.stderr.trim()).toBe(`audit verify: ${reads}, but DATABASE_URL names a database too: unset one of them`);
  });

  it('a malformed DATABASE_URL: the config line, exit 2, the password never shown', async () => {
    const out = await audit(['verify'], { DATABASE_URL: 'mysql://root:hunter2hunter2@db/x' });
    expect(out.code).toBe(COULD_NOT_CHECK);
    expect(out.stderr.trim()).toMatch(
      /^config: DATABASE_URL must be a postgres:\/\/ URL: like postgres:\/\/user@host:5432\/dbname/,
    );
    expect(out.stderr).not.toContain('hunter2hunter2');
  });

  it('a server that is down: the real cause, exit 2 (not "tampered")', async () => {
    const out = await audit(['verify'], {
      DATABASE_URL: `postgres://postgres:hunter2hunter2@127.0.0.1:${await closedPort()}/nothing`,
    });
    expect(out.code).toBe(COULD_NOT_CHECK);
    expect(out.stderr.trim()).toMatch(
      /^audit verify: could not reach DATABASE_URL: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
    expect(out.stderr).not.toContain('hunter2hunter2');
  });
});

describe('audit on a database without history', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it.each([['verify'], ['export']])(
    "no request_events table (not the bot's database): audit %s says so, exit 2",
    async (sub) => {
      db = await createTestDatabase({ migrated: false });
      const out = await audit([sub], cliEnv(db.url));
      expect(out.code).toBe(COULD_NOT_CHECK);
      expect(out.stdout).toBe('');
      expect(out.stderr.trim()).toBe(
        `audit ${sub}: no history to check: this database has no request_events table: it is not the bot's database, or the bot has never started on it`,
      );
    },
  );

  it("the bot's tables, no request yet: says the history is empty, exit 2", async () => {
    db = await createTestDatabase();
    const out = await audit(['verify'], cliEnv(db.url));
    expect(out.code).toBe(COULD_NOT_CHECK);
    expect(out.stderr.trim()).toBe(
      'audit verify: no history to check: the history is empty: the bot has recorded no request in this database yet',
    );
  });

  it('every event deleted but the requests kept: that is tampering, exit 1', async () => {
    db = await createTestDatabase();
    const id = await inviteLifecycle(new RequestStore(db.pool));
    await tamper(db.pool, 'DELETE FROM request_events');
    const out = await audit(['verify'], cliEnv(db.url));
    expect(out.code).toBe(TAMPERED);
    expect(out.stderr.trim()).toMatch(
      new RegExp(`^audit verify: FAILED: request ${id} is 'done' but its history has no events`),
    );
  });

  it('the history table dropped, the requests kept: tampering for verify (exit 1), nothing to export (exit 2)', async () => {
    db = await createTestDatabase();
    await inviteLifecycle(new RequestStore(db.pool));
    await db.pool.query('DROP TABLE request_events');
    const verify = await audit(['verify'], cliEnv(db.url));
    expect(verify.code).toBe(TAMPERED);
    expect(verify.stderr.trim()).toBe(
      'audit verify: FAILED: the request_events table is gone, but the requests table still holds requests: the history was dropped',
    );
    const exported = await audit(['export'], cliEnv(db.url));
    expect(exported.code).toBe(COULD_NOT_CHECK);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain('the history was dropped');
  });
});
