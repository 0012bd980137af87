import { describe, expect, it } from 'vitest';
import { visibleText } from '../../sandbox/slack/index.ts';
import { slashCommandFields } from '../../sandbox/slack-payloads.ts';
import { newAppToken } from '../../sandbox/stage.ts';
import { eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';

// Smoke test only: the listeners are the same in both modes, and the HTTP tests cover them.
const APP_TOKEN = newAppToken();

// No signing secret: Socket Mode does not need one.
const h = useHarness({ env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: undefined } });

/** `/neon <text>` as Slack sends it over the socket: the same fields as the HTTP form post. */
function neonCommand(userId: string, text: string) {
  const { slack } = h;
  const responseUrl = slack.newResponseUrl({ userId, channelId: 'CGENERAL1' });
  const payload = slashCommandFields(
    {
      user: { id: userId, username: 'mia', name: 'mia', team_id: slack.identity.teamId },
      team: { id: slack.identity.teamId, domain: slack.identity.teamDomain },
      apiAppId: slack.identity.appId,
    },
    { command: '/neon', text, channelId: 'CGENERAL1', responseUrl, triggerId: slack.newTriggerId(userId) },
  );
  return payload;
}

describe('Socket Mode', () => {
  it('opens its connection with the app token and is up once Slack said hello', () => {
    const opens = h.slack.calls('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(APP_TOKEN);
    expect(opens[0]!.response).toMatchObject({ ok: true });
    expect(h.slack.socketMode.connections).toBe(1);
    const up = h.logs.lines
      .map((l) => JSON.parse(l) as { msg: string; mode?: string })
      .find((l) => l.msg === 'neon-access-bot is up');
    expect(up?.mode).toBe('socket');
  });

  it('acks a /neon help envelope and answers on its response_url', async () => {
    const ack = await h.slack.socketMode.send('slash_commands', neonCommand(PEOPLE.member.id, 'help'));
    // An empty ack: the help goes to response_url, as in HTTP mode.
    expect(ack.payload ?? {}).toEqual({});
    expect(h.slack.calls('ack').at(-1)?.args).toMatchObject({ kind: 'slash_command', status: 200 });
    const help = await eventually(
      () =>
        h.slack
          .ephemerals(PEOPLE.member.id)
          .find((m) => m.via === 'response_url' && visibleText(m).includes('/neon invite')),
      10_000,
      'the help reply on the response_url',
    );
    expect(help.channel).toBe('CGENERAL1');
  });

  it('serves health, readiness and metrics on PORT, and no /slack/events', async () => {
    const base = `http://127.0.0.1:${h.bot.port}`;
    expect(h.bot.port).toBeGreaterThan(0);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('nab_queue_depth');
    // Requests reach the bot only through the socket it opened; nothing listens for signed POSTs.
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('never logs the app token', () => {
    expect(h.logs.text()).not.toContain(APP_TOKEN);
    expect(h.logs.text()).not.toMatch(/xapp-1-[A-Za-z0-9-]{6,}/);
  });
});
