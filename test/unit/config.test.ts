import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadVariables, validVariables } from '../../src/config.ts';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'a-signing-secret-value',
  NEON_ORG_ID: 'org-demo-12345678',
  APPROVER_SLACK_IDS: 'UADMIN1, UADMIN2',
};

describe('loadConfig', () => {
  it('accepts a minimal environment and fills the defaults', () => {
    const r = loadConfig(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.slack.port).toBe(3000);
    expect(r.config.neon.apiUrl).toBe('https://console.neon.tech/api/v2');
    expect(r.config.approvers.userIds).toEqual(['UADMIN1', 'UADMIN2']);
    expect(r.config.logLevel).toBe('info');
  });

  it.each([
    [{ SLACK_BOT_TOKEN: undefined }, 'config: SLACK_BOT_TOKEN is required'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'config: SLACK_BOT_TOKEN must start with xoxb-'],
    [{ SLACK_SIGNING_SECRET: undefined }, 'config: SLACK_SIGNING_SECRET is required in HTTP mode (no SLACK_APP_TOKEN)'],
    [{ NEON_ORG_ID: 'my-org' }, 'config: NEON_ORG_ID must look like org-…'],
    [{ PORT: 'eighty' }, 'config: PORT'],
    [{ APPROVER_SLACK_IDS: '' }, 'config: APPROVER_SLACK_IDS or APPROVER_USERGROUP_ID must name at least one approver'],
    [{ APPROVER_SLACK_IDS: 'alice' }, 'config: APPROVER_SLACK_IDS must be Slack user IDs (U…)'],
    [{ BOT_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'config: BOT_ENCRYPTION_KEY must be 32 bytes, base64'],
    [{ LOG_LEVEL: 'loud' }, 'config: LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'config: DATABASE_URL must be a postgres:// URL'],
    [
      { ALLOWED_EMAIL_DOMAINS: 'example.com, not a domain' },
      'config: ALLOWED_EMAIL_DOMAINS must be domains like example.com',
    ],
  ])('refuses %o with one line naming the variable', (patch, expected) => {
    const r = loadConfig({ ...valid, ...patch });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.startsWith(expected), r.errors[0]).toBe(true);
    expect(r.message).toBe(r.errors[0]);
  });

  it('never echoes a secret value in the error', () => {
    const secret = 'xoxp-1234567890-secret-value';
    const r = loadConfig({ ...valid, SLACK_BOT_TOKEN: secret });
    expect(r.ok || r.message.includes(secret)).toBe(false);
  });

  it('accepts Socket Mode without a signing secret', () => {
    const r = loadConfig({ ...valid, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1-test' });
    expect(r.ok).toBe(true);
  });

  it('reconciles daily at 06:00 UTC by default, on any cron, or only on demand with off', () => {
    const at = (env: Record<string, string>) => {
      const r = loadConfig({ ...valid, ...env });
      return r.ok ? [r.config.reconcileCron, r.config.reconcileInviteMaxAgeMs] : r.message;
    };
    expect(at({})).toEqual(['0 6 * * *', 14 * 86_400_000]);
    expect(at({ RECONCILE_CRON: ' 30 7 * * 1-5 ', RECONCILE_INVITE_MAX_AGE: '3d' })).toEqual([
      '30 7 * * 1-5',
      3 * 86_400_000,
    ]);
    expect(at({ RECONCILE_CRON: 'off' })).toEqual([undefined, 14 * 86_400_000]);
    expect(at({ RECONCILE_CRON: 'daily' })).toBe(
      'config: RECONCILE_CRON must be a cron schedule like "0 6 * * *" (UTC), or off',
    );
    expect(at({ RECONCILE_INVITE_MAX_AGE: '2 weeks' })).toMatch(/^config: RECONCILE_INVITE_MAX_AGE must be a duration/);
  });
});

describe('GRANT_WARNINGS', () => {
  const warnings = (value?: string) => {
    const r = loadConfig({ ...valid, GRANT_WARNINGS: value });
    return r.ok ? r.config.grantWarningsMs : r.message;
  };
  it.each<[string | undefined, number[] | string]>([
    [undefined, [86_400_000, 3_600_000]],
    ['2d, 4h,30m', [2 * 86_400_000, 4 * 3_600_000, 30 * 60_000]],
    ['90s', [90_000]],
    ['off', []],
    [
      '24h;1h',
      'config: GRANT_WARNINGS must be durations like 24h,1h (comma-separated: 90s, 30m, 24h, 7d), or off: unset, it is 24h,1h',
    ],
  ])('%j', (value, expected) => {
    expect(warnings(value)).toEqual(expected);
  });
});

describe('loadConfig reports every problem at once', () => {
  it('an empty environment: one line per required variable, each saying what to put there', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // The first user's five starts: now one, and each line enough to fix its variable.
    expect(r.errors).toEqual([
      'config: SLACK_BOT_TOKEN is required: the Bot User OAuth Token, xoxb-… (Slack app settings → OAuth & Permissions)',
      "config: SLACK_SIGNING_SECRET is required in HTTP mode (no SLACK_APP_TOKEN): Slack's signing secret is 32 hexadecimal characters (Slack app settings → Basic Information → App Credentials)",
      'config: NEON_ORG_ID is required: like org-cold-sun-12345678 (Neon console → Organization settings)',
      'config: APPROVER_SLACK_IDS or APPROVER_USERGROUP_ID must name at least one approver: Slack member IDs like U012AB3CD, comma-separated (a profile → ⋮ → Copy member ID), or a user group ID like S012AB3CD in APPROVER_USERGROUP_ID',
    ]);
    expect(r.message).toBe(r.errors.join('\n'));
  });

  it('many bad values: one line each, in the order of .env.example, none echoing its value', () => {
    const values = {
      SLACK_BOT_TOKEN: 'xoxp-user-token-0123456789',
      SLACK_SIGNING_SECRET: 'short7!',
      NEON_API_KEY: 'tiny',
      PORT: '99999',
      LOG_LEVEL: 'loud',
      BOT_ENCRYPTION_KEY: 'bm90LTMyLWJ5dGVz',
      DATABASE_URL: 'mysql://root:hunter2hunter2@db/x',
      APPROVER_SLACK_IDS: 'alice,bob',
      KEY_DEFAULT_DURATION: '40d',
    };
    const r = loadConfig({ ...values, NEON_ORG_ID: 'org-demo-12345678' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((l) => l.split(' ')[1])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'PORT',
      'NEON_API_KEY',
      'DATABASE_URL',
      'LOG_LEVEL',
      'BOT_ENCRYPTION_KEY',
      'APPROVER_SLACK_IDS',
      'KEY_DEFAULT_DURATION',
    ]);
    const line = (name: string) => r.errors.find((l) => l.startsWith(`config: ${name} `));
    expect(line('SLACK_BOT_TOKEN')).toBe(
      'config: SLACK_BOT_TOKEN must start with xoxb-: the Bot User OAuth Token, xoxb-… (Slack app settings → OAuth & Permissions)',
    );
    expect(line('SLACK_SIGNING_SECRET')).toBe(
      "config: SLACK_SIGNING_SECRET is too short: Slack's signing secret is 32 hexadecimal characters (Slack app settings → Basic Information → App Credentials)",
    );
    expect(line('BOT_ENCRYPTION_KEY')).toBe(
      'config: BOT_ENCRYPTION_KEY must be 32 bytes, base64: generate one with `openssl rand -base64 32`',
    );
    // Zod's own wording ("Too big: expected number to be <=65535") gives way to what a good value is.
    expect(line('PORT')).toBe('config: PORT is not valid: a TCP port number from 0 to 65535; unset, it is 3000');
    expect(line('LOG_LEVEL')).toBe(
      'config: LOG_LEVEL is not valid: one of debug, info, warn, error; unset, it is info',
    );
    expect(line('KEY_DEFAULT_DURATION')).toBe(
      'config: KEY_DEFAULT_DURATION must not be longer than KEY_MAX_DURATION: unset, it is 7d (and KEY_MAX_DURATION 30d)',
    );
    for (const value of Object.values(values)) expect(r.message).not.toContain(value);
    expect(r.message).not.toContain('hunter2');
  });

  it('a bad policy file is reported with the variables, in its own words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-policy-'));
    try {
      const file = join(dir, 'policy.yaml');
      writeFileSync(file, 'approvers: [UBOB00001]\n');
      const r = loadConfig({ ...valid, NEON_ORG_ID: undefined, POLICY_FILE: file });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toEqual([
        expect.stringMatching(/^config: NEON_ORG_ID is required: /),
        `policy: ${file}: approvers: is not a known key`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadVariables and validVariables: only what a command reads', () => {
  it('DATABASE_URL alone, whatever the rest is', () => {
    expect(loadVariables({}, ['DATABASE_URL'])).toEqual({ ok: true, values: { DATABASE_URL: undefined } });
    expect(loadVariables({ SLACK_BOT_TOKEN: 'nope', DATABASE_URL: 'postgres://h/db' }, ['DATABASE_URL'])).toEqual({
      ok: true,
      values: { DATABASE_URL: 'postgres://h/db' },
    });
    const bad = loadVariables({ DATABASE_URL: 'mysql://root:hunter2hunter2@db/x' }, ['DATABASE_URL']);
    expect(bad).toEqual({
      ok: false,
      errors: [
        'config: DATABASE_URL must be a postgres:// URL: like postgres://user@host:5432/dbname; unset, the bot keeps its own database in ./data',
      ],
      message:
        'config: DATABASE_URL must be a postgres:// URL: like postgres://user@host:5432/dbname; unset, the bot keeps its own database in ./data',
    });
  });

  it('each valid variable on its own, an unset optional one as undefined, a bad one left out', () => {
    const values = validVariables({ SLACK_BOT_TOKEN: 'xoxb-ok-token', NEON_ORG_ID: 'acme', PORT: '8080' });
    expect(values).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-ok-token',
      PORT: 8080,
      SLACK_API_URL: 'https://slack.com/api/',
    });
    expect('NEON_ORG_ID' in values).toBe(false);
    expect('DATABASE_URL' in values && values.DATABASE_URL === undefined).toBe(true);
  });
});
