/** The harness against a real Bolt App over HTTP: signed requests in, Web API calls out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../sandbox/eventually.ts';
import { type FakeSlack, startFakeSlack, visibleText } from '../../../sandbox/slack/index.ts';
import { SlackDriver } from '../../../sandbox/slack-driver.ts';
import { BOT_TOKEN, CARD_CHANNEL, type RunningApp, SIGNING_SECRET, startMinimalApp } from './minimal-bolt-app.ts';

const ALICE = 'U0ALICE001';

let fake: FakeSlack;
let app: RunningApp;
let slack: SlackDriver;

beforeAll(async () => {
  fake = await startFakeSlack({
    botToken: BOT_TOKEN,
    users: [{ id: ALICE, name: 'alice', email: 'alice@example.com' }],
    channels: [CARD_CHANNEL, 'C0GENERAL'],
  });
  app = await startMinimalApp(fake);
  slack = new SlackDriver({ botUrl: app.url, signingSecret: SIGNING_SECRET, fake });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** The card the latest `/neon` posted. */
async function latestCard(text: string) {
  const call = await fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.text === `Request: ${text}` && c.response?.ok === true,
  );
  return { channel: CARD_CHANNEL, ts: String(call.response?.ts) };
}

/** The modal the app opened with this command's trigger_id. */
async function openedModal(command: { triggerId: string }) {
  const open = await fake.waitForCall(
    'views.open',
    (c) => c.args.trigger_id === command.triggerId && c.response !== undefined,
  );
  const view = open.response?.view as { id: string } | undefined;
  const modal = view ? fake.view(view.id) : undefined;
  if (!modal) throw new Error(`views.open failed: ${JSON.stringify(open.response)}`);
  return modal;
}

describe('a real Bolt app driven through the harness', () => {
  it('calls auth.test with the bot token when it starts', async () => {
    // Bolt starts it from the constructor without awaiting it, so it may still be on its way.
    const authTest = await fake.waitForCall('auth.test', (c) => c.response !== undefined);
    expect(authTest.token).toBe(BOT_TOKEN);
    expect(authTest.response).toMatchObject({ ok: true, user_id: fake.identity.botUserId });
  });

  it('acks a slash command with 200, then opens the modal and posts the card', async () => {
    const reply = await slack.command(ALICE, 'hello');

    expect(reply.status).toBe(200);
    expect(reply.body).toBe('');
    const open = await fake.waitForCall('views.open', (c) => c.args.trigger_id === reply.triggerId);
    expect(open.response?.ok).toBe(true);
    expect(fake.views(ALICE).map((v) => v.callback_id)).toEqual(['request_modal']);
    const card = await latestCard('hello');
    expect(visibleText(fake.message(card.channel, card.ts) ?? {})).toContain(`<@${ALICE}> asks: hello`);
  });

  it('refuses forged, stale and unsigned requests with 401 and never reaches Slack', async () => {
    const before = fake.calls().length;

    expect((await slack.command(ALICE, 'forged', { signature: 'forged' })).status).toBe(401);
    expect((await slack.command(ALICE, 'stale', { timestampOffsetSec: -360 })).status).toBe(401);
    expect((await slack.command(ALICE, 'unsigned', { omitHeaders: ['signature'] })).status).toBe(401);
    expect((await slack.command(ALICE, 'no-time', { omitHeaders: ['timestamp'] })).status).toBe(401);

    // A genuine request afterwards goes through; only its calls are new.
    await slack.command(ALICE, 'genuine');
    await latestCard('genuine');
    const newCalls = fake.calls().slice(before);
    expect(newCalls.map((c) => c.args.text).filter(Boolean)).toEqual(['Request: genuine']);
  });

  it('delivers a button click on the card with its current blocks, and the update is kept as history', async () => {
    await slack.command(ALICE, 'please');
    const card = await latestCard('please');

    const reply = await slack.blockAction(ALICE, { actionId: 'approve', message: card });

    expect(reply.status).toBe(200);
    await fake.waitForCall('chat.update', (c) => c.args.ts === card.ts);
    const message = fake.message(card.channel, card.ts);
    expect(message?.text).toBe('Approved');
    expect(message?.history.map((v) => v.text)).toEqual(['Request: please', 'Approved']);
  });

  it('returns response_action errors from a view submission, and an empty ack closes the modal', async () => {
    const modal = await openedModal(await slack.command(ALICE, 'modal'));

    const rejected = await slack.viewSubmission(ALICE, modal, {
      reason: { reason_input: { type: 'plain_text_input', value: '  ' } },
    });
    expect(rejected).toMatchObject({
      status: 200,
      body: { response_action: 'errors', errors: { reason: 'Tell us why' } },
    });
    expect(fake.views(ALICE)).toHaveLength(1);

    const accepted = await slack.viewSubmission(ALICE, modal, {
      reason: { reason_input: { type: 'plain_text_input', value: 'debugging prod' } },
    });
    expect(accepted).toMatchObject({ status: 200, body: '' });
    expect(fake.views(ALICE)).toEqual([]);
  });

  it('answers an options load with the options list', async () => {
    const modal = await openedModal(await slack.command(ALICE, 'options'));

    const reply = await slack.blockSuggestion(ALICE, {
      actionId: 'pick_project',
      blockId: 'project',
      value: 'ab',
      view: modal,
    });

    expect(reply).toMatchObject({ status: 200, body: { options: [{ value: 'p-ab' }] } });
    expect(fake.violations).toEqual([]);
  });

  it('refuses a reused trigger_id and an expired one', async () => {
    const used = await slack.command(ALICE, 'first');
    await fake.waitForCall('views.open', (c) => c.args.trigger_id === used.triggerId);

    await slack.command(ALICE, 'reuse', { triggerId: used.triggerId });
    const reuse = await fake.waitForCall('views.open', (c) => c.response?.error === 'exchanged_trigger_id');
    expect(reuse.args.trigger_id).toBe(used.triggerId);

    const late = fake.newTriggerId(ALICE);
    fake.advanceClock(3_001);
    await slack.command(ALICE, 'late', { triggerId: late });
    await fake.waitForCall(
      'views.open',
      (c) => c.args.trigger_id === late && c.response?.error === 'expired_trigger_id',
    );
  });

  it('records a Block Kit limit violation and answers invalid_blocks', async () => {
    await slack.command(ALICE, 'long-header');

    const call = await fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.text === 'Request: long-header' && c.response !== undefined,
    );

    expect(call.response).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(fake.violations).toContainEqual({
      method: 'chat.postMessage',
      problem: 'blocks[0].text.text: 151 chars > 150',
    });
    expect(fake.messages(CARD_CHANNEL).some((m) => m.text === 'Request: long-header')).toBe(false);
    // Bolt's error handler runs after the fake has answered: wait for it, as a loaded machine may lag.
    await eventually(
      () => app.errors.map(String).some((e) => e.includes('invalid_blocks')),
      5_000,
      'the app to see invalid_blocks',
    );
  });

  it("records what the app sends to the command's response_url as an ephemeral message", async () => {
    const reply = await slack.command(ALICE, 'respond');

    const call = await fake.waitForCall('response_url', (c) => c.args.text === 'Got it, only you can see this');
    expect(call.response).toEqual({ ok: true });
    expect(reply.responseUrl).toMatch(new RegExp(`^${fake.url}/response/`));
    expect(fake.ephemerals(ALICE).map((m) => m.text)).toContain('Got it, only you can see this');
  });

  it('publishes App Home on app_home_opened and passes on the retry number', async () => {
    const reply = await slack.event(
      { type: 'app_home_opened', user: ALICE, channel: 'D0ALICE', tab: 'home' },
      { retryNum: 1 },
    );

    expect(reply.status).toBe(200);
    await fake.waitForCall('views.publish');
    expect(visibleText(fake.homeView(ALICE) ?? {})).toBe(`Welcome <@${ALICE}> (retry 1)`);
  });

  it('finds a secret anywhere in what Slack received, however it was encoded', async () => {
    const secret = 'napi_s3cr3t+/=&"<>';
    await slack.command(ALICE, `leak ${secret}`);
    await latestCard(`leak ${secret}`);

    expect(fake.containsText(secret)).toBe(true);
    expect(fake.containsText('napi_never_sent')).toBe(false);
  });
});

describe('a 429 from Slack', () => {
  it('is retried by the Web API client after Retry-After seconds', async () => {
    const patient = await startMinimalApp(fake, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    try {
      const driver = new SlackDriver({ botUrl: patient.url, signingSecret: SIGNING_SECRET, fake });
      fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });

      await driver.command(ALICE, 'throttled');

      const ok = await fake.waitForCall(
        'chat.postMessage',
        (c) => c.args.text === 'Request: throttled' && c.response?.ok === true,
        {
          timeoutMs: 5_000,
        },
      );
      const attempts = fake.calls('chat.postMessage').filter((c) => c.args.text === 'Request: throttled');
      expect(attempts.map((c) => c.response)).toEqual([
        { ok: false, error: 'http_429' },
        expect.objectContaining({ ok: true }),
      ]);
      expect(ok.at - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
      expect(fake.messages(CARD_CHANNEL).filter((m) => m.text === 'Request: throttled')).toHaveLength(1);
      expect(patient.errors).toEqual([]);
    } finally {
      await patient.stop();
    }
  });
});
