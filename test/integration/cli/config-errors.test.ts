import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
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

describe('a bad configuration stops the process with one clear line', () => {
  it.each([
    ['missing bot token', { ...good, SLACK_BOT_TOKEN: '' }, 'config: SLACK_BOT_TOKEN is required'],
    ['malformed org id', { ...good, NEON_ORG_ID: 'acme' }, 'config: NEON_ORG_ID must look like org-…'],
    ['no approvers', { ...good, APPROVER_SLACK_IDS: '' }, 'config: APPROVER_SLACK_IDS or APPROVER_USERGROUP_ID must name at least one approver'],
    ['bad encryption key', { ...good, BOT_ENCRYPTION_KEY: 'not-a-key' }, 'config: BOT_ENCRYPTION_KEY must be 32 bytes, base64'],
  ])('%s: exit 2, no stack trace, no secret', (_what, env, line) => {
    const out = start(env);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(line);
    expect(out.stdout).toBe('');
    for (const secret of [good.SLACK_BOT_TOKEN, good.SLACK_SIGNING_SECRET]) expect(out.stderr).not.toContain(secret);
  });

  it('a token with the wrong prefix is named but never echoed', () => {
    const out = start({ ...good, SLACK_BOT_TOKEN: `xoxp-test-${randomBytes(6).toString('hex')}` });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('config: SLACK_BOT_TOKEN must start with xoxb-');
  });
});
