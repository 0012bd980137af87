import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

/** Starts the real CLI with exactly this environment (plus PATH) and returns what the operator sees. */
function start(env: Record<string, string>) {
  const res = spawnSync(process.execPath, ['src/cli.ts', 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: res.status, stderr: res.stderr.trim(), stdout: res.stdout.trim() };
}

const good = {
  SLACK_BOT_TOKEN: `xoxb-test-${randomBytes(6).toString('hex')}`,
  SLACK_SIGNING_SECRET: 'super-secret-signing-value',
  NEON_ORG_ID: 'org-demo-12345678',
  APPROVER_SLACK_IDS: 'UADMIN001',
};

describe('a bad configuration stops the process with one clear line per variable', () => {
  it.each([
    [
      'missing bot token',
      { ...good, SLACK_BOT_TOKEN: '' },
      'config: SLACK_BOT_TOKEN is required: the Bot User OAuth Token, xoxb-…',
    ],
    [
      'malformed org id',
      { ...good, NEON_ORG_ID: 'acme' },
      'config: NEON_ORG_ID must look like org-…: like org-cold-sun-12345678',
    ],
    [
      'no approvers',
      { ...good, APPROVER_SLACK_IDS: '' },
      'config: APPROVER_SLACK_IDS or APPROVER_USERGROUP_ID must name at least one approver: ',
    ],
    [
      'bad encryption key',
      { ...good, BOT_ENCRYPTION_KEY: 'not-a-key' },
      'config: BOT_ENCRYPTION_KEY must be 32 bytes, base64: generate one with `openssl rand -base64 32`',
    ],
  ])('%s: exit 2, no stack trace, no secret', (_what, env, line) => {
    const out = start(env);
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')).toHaveLength(1);
    expect(out.stderr.startsWith(line), out.stderr).toBe(true);
    expect(out.stdout).toBe('');
    for (const secret of [good.SLACK_BOT_TOKEN, good.SLACK_SIGNING_SECRET]) expect(out.stderr).not.toContain(secret);
  });

  it('a token with the wrong prefix is named but never echoed', () => {
    const token = `xoxp-test-${randomBytes(6).toString('hex')}`;
    const out = start({ ...good, SLACK_BOT_TOKEN: token });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^config: SLACK_BOT_TOKEN must start with xoxb-: /);
    expect(out.stderr).not.toContain(token);
  });

  it('no configuration at all: every missing variable in one run, then exit 2', () => {
    const out = start({});
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    const lines = out.stderr.split('\n');
    expect(lines.map((l) => l.split(' ')[1])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'NEON_ORG_ID',
      'APPROVER_SLACK_IDS',
    ]);
    for (const l of lines) expect(l).toMatch(/^config: [A-Z_]+ .+: .{20,}$/);
  });

  it('bad values together with missing ones, none of them echoed', () => {
    const secrets = {
      SLACK_SIGNING_SECRET: 'sh0rt!',
      BOT_ENCRYPTION_KEY: `k${randomBytes(8).toString('hex')}`,
      NEON_API_KEY: 'napi',
    };
    const out = start({
      ...secrets,
      SLACK_APP_TOKEN: '',
      NEON_ORG_ID: 'org-demo-12345678',
      APPROVER_SLACK_IDS: 'UADMIN001',
    });
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')).toEqual([
      expect.stringMatching(/^config: SLACK_BOT_TOKEN is required: /),
      expect.stringMatching(
        /^config: SLACK_SIGNING_SECRET is too short: Slack's signing secret is 32 hexadecimal characters/,
      ),
      expect.stringMatching(/^config: NEON_API_KEY is too short: /),
      expect.stringMatching(
        /^config: BOT_ENCRYPTION_KEY must be 32 bytes, base64: generate one with `openssl rand -base64 32`$/,
      ),
    ]);
    for (const value of Object.values(secrets)) expect(out.stderr).not.toContain(value);
  });
});
