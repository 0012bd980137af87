import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

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
    [{ ALLOWED_EMAIL_DOMAINS: 'example.com, not a domain' }, 'config: ALLOWED_EMAIL_DOMAINS must be domains like example.com'],
  ])('refuses %o with one line naming the variable', (patch, expected) => {
    const r = loadConfig({ ...valid, ...patch });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.startsWith(expected)).toBe(true);
    expect(r.error).not.toContain('\n');
  });

  it('never echoes a secret value in the error', () => {
    const secret = 'xoxp-1234567890-secret-value';
    const r = loadConfig({ ...valid, SLACK_BOT_TOKEN: secret });
    expect(r.ok || r.error.includes(secret)).toBe(false);
  });

  it('accepts Socket Mode without a signing secret', () => {
    const r = loadConfig({ ...valid, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1-test' });
    expect(r.ok).toBe(true);
  });

  it('reconciles daily at 06:00 UTC by default, on any cron, or only on demand with off', () => {
    const at = (env: Record<string, string>) => {
      const r = loadConfig({ ...valid, ...env });
      return r.ok ? [r.config.reconcileCron, r.config.reconcileInviteMaxAgeMs] : r.error;
    };
    expect(at({})).toEqual(['0 6 * * *', 14 * 86_400_000]);
    expect(at({ RECONCILE_CRON: ' 30 7 * * 1-5 ', RECONCILE_INVITE_MAX_AGE: '3d' })).toEqual(['30 7 * * 1-5', 3 * 86_400_000]);
    expect(at({ RECONCILE_CRON: 'off' })).toEqual([undefined, 14 * 86_400_000]);
    expect(at({ RECONCILE_CRON: 'daily' })).toBe('config: RECONCILE_CRON must be a cron schedule like "0 6 * * *" (UTC), or off');
    expect(at({ RECONCILE_INVITE_MAX_AGE: '2 weeks' })).toMatch(/^config: RECONCILE_INVITE_MAX_AGE must be a duration/);
  });
});
