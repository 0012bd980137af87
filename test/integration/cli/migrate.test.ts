import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsApplied } from '../../../src/store/migrate.ts';
import { closedPort } from '../../support/closed-port.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { runCli } from './run-cli.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
});
afterAll(() => db.drop());

describe('npm run migrate needs DATABASE_URL and nothing else', () => {
  it('migrates with no Slack or Neon variable set, and a bad one does not stop it', async () => {
    const out = await runCli(['migrate'], {
      DATABASE_URL: db.url,
      SLACK_BOT_TOKEN: 'not-a-token',
      NEON_ORG_ID: 'acme',
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^applied: 001_requests, /);
    expect(await migrationsApplied(db.pool)).toBe(true);

    const again = await runCli(['migrate'], { DATABASE_URL: db.url });
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('database is up to date');
  });

  it('a malformed DATABASE_URL: its config line, exit 2', async () => {
    const out = await runCli(['migrate'], { DATABASE_URL: 'mysql://root:hunter2hunter2@db/x' });
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toMatch(/^config: DATABASE_URL must be a postgres:\/\/ URL: /);
    expect(out.stderr).not.toContain('hunter2hunter2');
  });

  it('a server that is down: one line naming the real cause, exit 1', async () => {
    const out = await runCli(['migrate'], {
      DATABASE_URL: `postgres://postgres:hunter2hunter2@127.0.0.1:${await closedPort()}/nothing`,
    });
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toMatch(/^migrate: failed on DATABASE_URL: .*ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(out.stderr).not.toContain('hunter2hunter2');
  });
});
