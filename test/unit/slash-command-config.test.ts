import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'a-signing-secret-value',
  NEON_ORG_ID: 'org-demo-12345678',
  APPROVER_SLACK_IDS: 'UADMIN1',
};

/** Slack's own bound on a command's length (slash included), from its manifest schema. */
const schema = JSON.parse(readFileSync(new URL('../fixtures/slack/manifest.schema.json', import.meta.url), 'utf8'));
const SLACK_MAX: number =
  schema.definitions['app-manifests.v1.features.slash_commands'].items.properties.command.maxLength;

const commandOf = (value: string | undefined) => {
  const r = loadConfig({ ...valid, SLASH_COMMAND: value });
  return r.ok ? r.config.slack.command : r.message;
};

describe('SLASH_COMMAND', () => {
  it('is /neon when unset', () => {
    expect(commandOf(undefined)).toBe('/neon');
  });

  it.each(['/neon-access', '/neon_access', '/n', '/db2', `/${'a'.repeat(SLACK_MAX - 1)}`])('accepts %s', (value) => {
    expect(commandOf(value)).toBe(value);
  });

  it.each([
    ['no slash', 'neon-access'],
    ['a slash alone', '/'],
    ['capitals', '/Neon'],
    ['a space', '/neon access'],
    ['another character', '/neon.access'],
    ['a second slash', '//neon'],
    ['one character more than Slack allows', `/${'a'.repeat(SLACK_MAX)}`],
  ])('refuses %s, naming the variable', (_what, value) => {
    const r = loadConfig({ ...valid, SLASH_COMMAND: value });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('SLASH_COMMAND');
  });
});
