import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_BOT_SCOPES } from '../../../src/doctor/scopes.ts';
import { startNeonEmulator, type NeonEmulator } from '../../fakes/neon/index.ts';
import { manifestBotScopes } from '../../fakes/slack/manifest-scopes.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/index.ts';
import { newAppToken } from '../../support/stage.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { REQUIRED_ENV, runCli, type CliOutput } from './run-cli.ts';

const botToken = `xoxb-doctor-${randomBytes(12).toString('hex')}`;
const appToken = newAppToken();
let slack: FakeSlack;
let neon: NeonEmulator;
let db: TestDatabase;
let adminKey: string;
let memberKey: string;
const secrets: string[] = [botToken, appToken];

beforeAll(async () => {
  [slack, neon, db] = await Promise.all([startFakeSlack({ botToken, appToken }), startNeonEmulator(), createTestDatabase()]);
  const ada = neon.addUser({ email: 'ada@example.com', name: 'Ada Admin' });
  neon.addMember(ada.id, 'admin');
  const tom = neon.addUser({ email: 'tom@example.com', name: 'Tom Member' });
  neon.addMember(tom.id, 'member');
  adminKey = ada.personalKey;
  memberKey = tom.personalKey;
  secrets.push(adminKey, memberKey);
});
afterAll(async () => {
  await Promise.all([slack?.close(), neon?.close(), db?.drop()]);
});

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...REQUIRED_ENV,
    SLACK_BOT_TOKEN: botToken,
    SLACK_API_URL: slack.apiUrl,
    NEON_ORG_ID: neon.orgId,
    NEON_API_URL: neon.url,
    NEON_API_KEY: adminKey,
    DATABASE_URL: db.url,
    ...overrides,
  };
}

/** Runs doctor and checks, for every run, that no secret reached the operator's terminal. */
async function doctor(overrides?: Record<string, string | undefined>): Promise<CliOutput> {
  const out = await runCli(['doctor'], env(overrides));
  for (const secret of secrets) {
    expect(out.stdout).not.toContain(secret);
    expect(out.stderr).not.toContain(secret);
  }
  return out;
}

/** The check's line as `<mark> <detail>`, without the padded name between them. */
function line(out: CliOutput, name: string): string | undefined {
  const found = out.stdout.split('\n').find((l) => l.slice(2).startsWith(`${name} `));
  return found && `${found.slice(0, 1)} ${found.slice(2 + name.length).trimStart()}`;
}

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm run doctor', () => {
  it('asks Slack for exactly the scopes manifest.yml declares', () => {
    expect([...REQUIRED_BOT_SCOPES].sort()).toEqual(manifestBotScopes().sort());
  });

  it('all good: a ✓ line per check and exit 0', async () => {
    const out = await doctor();
    expect(out.code, out.stdout + out.stderr).toBe(0);
    for (const name of ['Slack token', 'Slack scopes', 'Neon key', 'Neon org', 'Neon admin', 'Database', 'Migrations']) {
      expect(line(out, name), `${name} in\n${out.stdout}`).toMatch(/^✓ /);
    }
    expect(line(out, 'Neon admin')).toContain('ada@example.com');
    expect(line(out, 'Socket Mode')).toMatch(/^✓ off \(no SLACK_APP_TOKEN\): HTTP mode/);
    expect(out.stdout).not.toContain('✗');
    expect(slack.calls('auth.test').some((c) => c.token === botToken)).toBe(true);
  });

  it('a wrong Slack token: ✗ with the reason, non-zero', async () => {
    const out = await doctor({ SLACK_BOT_TOKEN: 'xoxb-wrong-token-000000000000' });
    expect(out.code).toBe(1);
    expect(line(out, 'Slack token')).toMatch(/^✗ .*invalid_auth/);
    expect(out.stdout).not.toContain('xoxb-wrong-token');
  });

  it('SLACK_APP_TOKEN that Slack accepts: ✓ Socket Mode, without opening the connection', async () => {
    const out = await doctor({ SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: undefined });
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(line(out, 'Socket Mode')).toMatch(/^✓ SLACK_APP_TOKEN accepted/);
    expect(slack.calls('apps.connections.open').some((c) => c.token === appToken && c.response?.ok === true)).toBe(true);
    expect(slack.socketMode.connections).toBe(0);
  });

  it.each([
    ['a token Slack does not know', 'invalid_auth', false],
    ['the app token, answered with another error', 'not_allowed_token_type', true],
  ])('SLACK_APP_TOKEN refused (%s): ✗ with the reason, non-zero, the token never shown', async (_what, reason, injected) => {
    // The fake refuses an unknown token by itself; any other refusal it is told to give.
    const tried = injected ? appToken : newAppToken();
    secrets.push(tried);
    if (injected) slack.failNext('apps.connections.open', { error: reason });
    const out = await doctor({ SLACK_APP_TOKEN: tried, SLACK_SIGNING_SECRET: undefined });
    expect(out.code).toBe(1);
    expect(line(out, 'Socket Mode')).toBe(`✗ Slack refused SLACK_APP_TOKEN (${reason})`);
    expect(line(out, 'Slack token')).toMatch(/^✓ /);
  });

  it('a missing scope: ✗ naming it', async () => {
    const narrow = await startFakeSlack({ botToken, scopes: REQUIRED_BOT_SCOPES.filter((s) => s !== 'users:read.email') });
    try {
      const out = await doctor({ SLACK_API_URL: narrow.apiUrl });
      expect(out.code).toBe(1);
      expect(line(out, 'Slack token')).toMatch(/^✓ /);
      expect(line(out, 'Slack scopes')).toMatch(/^✗ missing users:read\.email\b/);
    } finally {
      await narrow.close();
    }
  });

  it("the Neon key of a member who is not an admin: ✗", async () => {
    const out = await doctor({ NEON_API_KEY: memberKey });
    expect(out.code).toBe(1);
    expect(line(out, 'Neon key')).toMatch(/^✓ .*tom@example\.com/);
    expect(line(out, 'Neon admin')).toMatch(/^✗ tom@example\.com is a member/);
  });

  it('a Neon key that Neon refuses: ✗', async () => {
    const out = await doctor({ NEON_API_KEY: 'napi_notarealkey0000000000' });
    expect(out.code).toBe(1);
    expect(line(out, 'Neon key')).toMatch(/^✗ .*401/);
  });

  it('an organization API key instead of a personal one: ✗ saying so', async () => {
    const orgKey = neon.addOrgApiKey();
    secrets.push(orgKey);
    const out = await doctor({ NEON_API_KEY: orgKey });
    expect(out.code).toBe(1);
    expect(line(out, 'Neon key')).toMatch(/^✗ NEON_API_KEY is not a personal key/);
  });

  it('no NEON_API_KEY is a warning, not a failure', async () => {
    const out = await doctor({ NEON_API_KEY: undefined });
    expect(out.code, out.stdout).toBe(0);
    expect(line(out, 'Neon key')).toMatch(/^⚠ NEON_API_KEY is not set/);
  });

  it('an unreachable database: ✗, non-zero', async () => {
    const out = await doctor({ DATABASE_URL: `postgres://postgres:hunter2hunter2@127.0.0.1:${await closedPort()}/nothing` });
    expect(out.code).toBe(1);
    expect(line(out, 'Database')).toMatch(/^✗ unreachable: .*ECONNREFUSED/);
    expect(line(out, 'Migrations')).toBeUndefined();
    expect(out.stdout + out.stderr).not.toContain('hunter2hunter2');
  });

  it('a database without its migrations: ✗', async () => {
    const bare = await createTestDatabase({ migrated: false });
    try {
      const out = await doctor({ DATABASE_URL: bare.url });
      expect(out.code).toBe(1);
      expect(line(out, 'Database')).toMatch(/^✓ /);
      expect(line(out, 'Migrations')).toMatch(/^✗ .*npm run migrate/);
    } finally {
      await bare.drop();
    }
  });

  it('a bad configuration stops it like start: exit 2, one line', async () => {
    const out = await doctor({ NEON_ORG_ID: 'acme' });
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe('config: NEON_ORG_ID must look like org-…: like org-cold-sun-12345678 (Neon console → Organization settings)');
  });
});
