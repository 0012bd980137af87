import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NeonEmulator, startNeonEmulator } from '../../../sandbox/neon/index.ts';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/slack/index.ts';
import { manifestBotScopes } from '../../../sandbox/slack/manifest-scopes.ts';
import { newAppToken } from '../../../sandbox/stage.ts';
import { REQUIRED_BOT_SCOPES } from '../../../src/doctor/scopes.ts';
import { closedPort } from '../../support/closed-port.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { type CliOutput, REQUIRED_ENV, runCli } from './run-cli.ts';

const botToken = `xoxb-doctor-${randomBytes(12).toString('hex')}`;
const appToken = newAppToken();
let slack: FakeSlack;
let neon: NeonEmulator;
let db: TestDatabase;
let adminKey: string;
let memberKey: string;
const secrets: string[] = [botToken, appToken];

beforeAll(async () => {
  [slack, neon, db] = await Promise.all([
    startFakeSlack({ botToken, appToken }),
    startNeonEmulator(),
    createTestDatabase(),
  ]);
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
  return doctorWith(env(overrides));
}

/** Doctor on exactly this environment, in `cwd` (where an embedded ./data would be). */
async function doctorWith(environment: Record<string, string | undefined>, cwd?: string): Promise<CliOutput> {
  const out = await runCli(['doctor'], environment, { cwd });
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

describe('npm run doctor', () => {
  it('asks Slack for exactly the scopes manifest.yml declares', () => {
    expect([...REQUIRED_BOT_SCOPES].sort()).toEqual(manifestBotScopes().sort());
  });

  it('all good: a ✓ line per check and exit 0', async () => {
    const out = await doctor();
    expect(out.code, out.stdout + out.stderr).toBe(0);
    for (const name of [
      'Configuration',
      'Slack token',
      'Slack scopes',
      'Neon key',
      'Neon org',
      'Neon admin',
      'Database',
      'Migrations',
    ]) {
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
    expect(slack.calls('apps.connections.open').some((c) => c.token === appToken && c.response?.ok === true)).toBe(
      true,
    );
    expect(slack.socketMode.connections).toBe(0);
  });

  it.each([
    ['a token Slack does not know', 'invalid_auth', false],
    ['the app token, answered with another error', 'not_allowed_token_type', true],
  ])(
    'SLACK_APP_TOKEN refused (%s): ✗ with the reason, non-zero, the token never shown',
    async (_what, reason, injected) => {
      // The fake refuses an unknown token by itself; any other refusal it is told to give.
      const tried = injected ? appToken : newAppToken();
      secrets.push(tried);
      if (injected) slack.failNext('apps.connections.open', { error: reason });
      const out = await doctor({ SLACK_APP_TOKEN: tried, SLACK_SIGNING_SECRET: undefined });
      expect(out.code).toBe(1);
      expect(line(out, 'Socket Mode')).toBe(`✗ Slack refused SLACK_APP_TOKEN (${reason})`);
      expect(line(out, 'Slack token')).toMatch(/^✓ /);
    },
  );

  it('a missing scope: ✗ naming it', async () => {
    const narrow = await startFakeSlack({
      botToken,
      scopes: REQUIRED_BOT_SCOPES.filter((s) => s !== 'users:read.email'),
    });
    try {
      const out = await doctor({ SLACK_API_URL: narrow.apiUrl });
      expect(out.code).toBe(1);
      expect(line(out, 'Slack token')).toMatch(/^✓ /);
      expect(line(out, 'Slack scopes')).toMatch(/^✗ missing users:read\.email\b/);
    } finally {
      await narrow.close();
    }
  });

  it('the Neon key of a member who is not an admin: ✗', async () => {
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
    const out = await doctor({
      DATABASE_URL: `postgres://postgres:hunter2hunter2@127.0.0.1:${await closedPort()}/nothing`,
    });
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

  it("a bad variable: ✗ naming it in start's words, and every check that does not need it still runs", async () => {
    const out = await doctor({ NEON_ORG_ID: 'acme' });
    expect(out.code).toBe(1);
    expect(line(out, 'NEON_ORG_ID')).toBe(
      '✗ must look like org-…: like org-cold-sun-12345678 (Neon console → Organization settings)',
    );
    for (const name of ['Slack token', 'Slack scopes', 'Socket Mode', 'Neon key', 'Database', 'Migrations']) {
      expect(line(out, name), `${name} in\n${out.stdout}`).toMatch(/^✓ /);
    }
    expect(line(out, 'Neon org')).toBe('– not checked: waits for a valid NEON_ORG_ID');
    expect(line(out, 'Neon admin')).toBe('– not checked: waits for a valid NEON_ORG_ID');
    expect(out.stdout).toContain('1 check failed, 2 not run until the configuration is fixed');
    expect(out.stdout).not.toContain('acme');
  });
});

describe('npm run doctor on an incomplete configuration', () => {
  let dir: string;
  beforeAll(async () => {
    // Its own directory: without DATABASE_URL doctor looks at ./data, and must create nothing there.
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-cwd-'));
    await chmod(dir, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('no configuration at all: a ✗ line per missing variable, what can run runs, the rest says what it waits for', async () => {
    const out = await doctorWith({}, dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('');
    expect(line(out, 'SLACK_BOT_TOKEN')).toBe(
      '✗ is required: the Bot User OAuth Token, xoxb-… (Slack app settings → OAuth & Permissions)',
    );
    expect(line(out, 'SLACK_SIGNING_SECRET')).toMatch(
      /^✗ is required in HTTP mode \(no SLACK_APP_TOKEN\): Slack's signing secret is 32 hexadecimal characters/,
    );
    expect(line(out, 'NEON_ORG_ID')).toBe(
      '✗ is required: like org-cold-sun-12345678 (Neon console → Organization settings)',
    );
    expect(line(out, 'APPROVER_SLACK_IDS')).toMatch(/^✗ or APPROVER_USERGROUP_ID must name at least one approver: /);
    expect(line(out, 'Slack token')).toBe('– not checked: waits for SLACK_BOT_TOKEN');
    expect(line(out, 'Slack scopes')).toBe('– not checked: waits for SLACK_BOT_TOKEN');
    expect(line(out, 'Socket Mode')).toMatch(/^✓ off \(no SLACK_APP_TOKEN\)/);
    expect(line(out, 'Neon key')).toMatch(/^⚠ NEON_API_KEY is not set/);
    expect(line(out, 'Database')).toMatch(
      /^⚠ no DATABASE_URL, and there is no embedded database in .*data yet: the bot makes one there at its first start$/,
    );
    expect(out.stdout).toContain('4 checks failed, 2 not run until the configuration is fixed');
    expect(await readdir(dir)).toEqual([]);
  });

  it('only DATABASE_URL: the database and its migrations are checked', async () => {
    const out = await doctorWith({ DATABASE_URL: db.url }, dir);
    expect(out.code).toBe(1);
    expect(line(out, 'Database')).toBe('✓ reachable (DATABASE_URL)');
    expect(line(out, 'Migrations')).toBe('✓ all applied');
    expect(line(out, 'SLACK_BOT_TOKEN')).toMatch(/^✗ is required/);
  });

  it('only the Slack token: the token and its scopes are checked', async () => {
    const out = await doctorWith({ SLACK_BOT_TOKEN: botToken, SLACK_API_URL: slack.apiUrl }, dir);
    expect(out.code).toBe(1);
    expect(line(out, 'Slack token')).toMatch(/^✓ bot @/);
    expect(line(out, 'Slack scopes')).toMatch(/^✓ /);
    expect(line(out, 'SLACK_BOT_TOKEN')).toBeUndefined();
  });

  it('a Neon key without NEON_ORG_ID: the key is checked, the org and admin steps wait for it', async () => {
    const out = await doctorWith({ NEON_API_KEY: adminKey, NEON_API_URL: neon.url }, dir);
    expect(out.code).toBe(1);
    expect(line(out, 'Neon key')).toMatch(/^✓ personal key of ada@example\.com/);
    expect(line(out, 'Neon org')).toBe('– not checked: waits for NEON_ORG_ID');
    expect(line(out, 'Neon admin')).toBe('– not checked: waits for NEON_ORG_ID');
  });

  it('a bad DATABASE_URL: ✗ for it, and the database check waits for a valid one', async () => {
    const out = await doctorWith({ DATABASE_URL: 'mysql://root:hunter2hunter2@db/x' }, dir);
    expect(out.code).toBe(1);
    expect(line(out, 'DATABASE_URL')).toMatch(
      /^✗ must be a postgres:\/\/ URL: like postgres:\/\/user@host:5432\/dbname; unset, the bot keeps its own database in \.\/data$/,
    );
    expect(line(out, 'Database')).toBe('– not checked: waits for a valid DATABASE_URL');
    expect(out.stdout).not.toContain('hunter2hunter2');
  });

  it('an embedded database that will not start: ✗ with the server\'s own reason, never "undefined"', async () => {
    // A cluster that is only its version file: PostgreSQL refuses it at start, and says why on stderr.
    const broken = await mkdtemp(path.join(tmpdir(), 'doctor-broken-'));
    try {
      await chmod(broken, 0o755);
      await mkdir(path.join(broken, 'data', 'pg'), { recursive: true });
      await writeFile(path.join(broken, 'data', 'pg', 'PG_VERSION'), '18\n');
      await writeFile(path.join(broken, 'data', 'superuser-password'), `pw-${randomBytes(9).toString('hex')}`, {
        mode: 0o600,
      });
      const out = await doctorWith({}, broken);
      expect(out.code).toBe(1);
      const database = line(out, 'Database') ?? '';
      expect(database).toMatch(
        /^✗ unreachable: (PostgreSQL did not start in \.\/data: .*postgresql\.conf|Postgres cannot run as a root user)/,
      );
      expect(database).not.toMatch(/undefined|no reason/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
