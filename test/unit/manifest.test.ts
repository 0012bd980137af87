import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.ts';
import { REQUIRED_BOT_SCOPES } from '../../src/doctor/scopes.ts';

// Two manifests, one per way Slack reaches the bot; each must paste as it is (bar the host).

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('test/fixtures/slack/manifest.schema.json', root), 'utf8'));
// The schema uses non-standard keywords (regex, requires, _note): strict mode would refuse it.
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

type Manifest = ReturnType<typeof parse>;
const read = (file: string): Manifest => parse(readFileSync(new URL(file, root), 'utf8'));
const http = read('manifest.yml');
const socket = read('manifest.socket.yml');

/** The one address an HTTP install replaces: all of Slack's requests go to /slack/events. */
const HTTP_URL = 'https://YOUR-BOT-HOST/slack/events';

/** Where Slack sends requests in HTTP mode; Socket Mode has none of them. */
const urlsOf = (m: Manifest) => [
  ...m.features.slash_commands.map((c: { url?: string }) => c.url),
  m.settings.interactivity.request_url,
  m.settings.interactivity.message_menu_options_url,
  m.settings.event_subscriptions.request_url,
];

/** Every string in the manifest that looks like a URL, wherever it is. */
function urlStrings(value: unknown): string[] {
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? [value] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(urlStrings);
}

/** The manifest without what differs by mode: its URLs and the Socket Mode switch. */
function withoutTransport(m: Manifest): Manifest {
  const copy = structuredClone(m);
  for (const c of copy.features.slash_commands) delete c.url;
  delete copy.settings.interactivity.request_url;
  delete copy.settings.interactivity.message_menu_options_url;
  delete copy.settings.event_subscriptions.request_url;
  delete copy.settings.socket_mode_enabled;
  return copy;
}

const defaultCommand = (() => {
  const r = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'a-signing-secret',
    NEON_ORG_ID: 'org-demo-12345678',
    APPROVER_SLACK_IDS: 'UADMIN1',
  });
  if (!r.ok) throw new Error(r.message);
  return r.config.slack.command;
})();

describe.each([
  ['manifest.yml', http],
  ['manifest.socket.yml', socket],
])('%s', (_file, manifest) => {
  it("is valid against Slack's manifest schema", () => {
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema check has teeth: a misspelt key fails', () => {
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].shouldEscape = true;
    expect(validate(broken)).toBe(false);
  });

  it("declares the bot's default SLASH_COMMAND with escaped mentions, and every scope the code uses", () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([defaultCommand]);
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining([...REQUIRED_BOT_SCOPES]));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });
});

describe('the two manifests', () => {
  it('HTTP: Slack is sent to one placeholder host, in every place it needs a URL', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(urlsOf(http)).toEqual([HTTP_URL, HTTP_URL, HTTP_URL, HTTP_URL]);
    expect(urlStrings(http)).toEqual([HTTP_URL, HTTP_URL, HTTP_URL, HTTP_URL]);
  });

  it('Socket Mode: switched on, and no URL anywhere', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(urlStrings(socket)).toEqual([]);
  });

  it('declare the same app apart from the URLs: command, scopes, events, features', () => {
    expect(withoutTransport(socket)).toEqual(withoutTransport(http));
    // Not vacuous: what is compared still holds the command, the scopes and the events.
    expect(withoutTransport(http).oauth_config.scopes.bot.length).toBeGreaterThan(0);
    expect(withoutTransport(http).features.slash_commands[0].command).toBe(defaultCommand);
  });

  it('the comparison has teeth: another scope in one of them is a difference', () => {
    const changed = structuredClone(socket);
    changed.oauth_config.scopes.bot.push('channels:read');
    expect(withoutTransport(changed)).not.toEqual(withoutTransport(http));
  });
});
