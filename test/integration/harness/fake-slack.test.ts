/** The fake Slack on its own, called by the real @slack/web-api client the bot uses. */
import type { webApi } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Block, startFakeSlack } from '../../../sandbox/slack/index.ts';
import { useScoped } from '../../support/scoped.ts';
import { clientOn } from '../../support/slack-client.ts';

const TOKEN = 'xoxb-fake-test';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const CHANNEL = 'C0AUDIT';

const fake = useScoped(
  () =>
    startFakeSlack({
      botToken: TOKEN,
      users: [
        { id: ALICE, name: 'alice', realName: 'Alice A', email: 'alice@example.com' },
        { id: BOB, name: 'bob', isRestricted: true },
      ],
      usergroups: { S0ADMINS: [ALICE] },
      channels: [CHANNEL],
    }),
  (started) => started.close(),
);
let client: webApi.WebClient;

beforeAll(() => {
  client = clientOn(fake, TOKEN);
});

/** The Slack error code of a failed call. */
async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    return data?.error ?? (error as { code: string }).code;
  }
  throw new Error('the call succeeded');
}

const section = (text: string, blockId?: string): Block => ({
  type: 'section',
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: 'mrkdwn', text },
});

const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [section(title)] as webApi.KnownBlock[],
  ...extra,
});

/** POSTs to a response_url as Bolt's respond() does. */
function respond(url: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('authentication', () => {
  it('answers not_authed without a token and invalid_auth with another one', async () => {
    const anonymous = clientOn(fake, undefined);
    const stranger = clientOn(fake, 'xoxb-other');

    expect(await slackError(anonymous.auth.test())).toBe('not_authed');
    expect(await slackError(stranger.auth.test())).toBe('invalid_auth');
    expect((await client.auth.test()).user_id).toBe(fake.identity.botUserId);
  });
});

describe('users and user groups', () => {
  it('returns user objects with profile.email and the guest flags', async () => {
    const { user } = await client.users.info({ user: ALICE });
    expect(user).toMatchObject({
      id: ALICE,
      real_name: 'Alice A',
      deleted: false,
      is_bot: false,
      profile: { email: 'alice@example.com' },
    });
    const bob = (await client.users.info({ user: BOB })).user;
    expect(bob).toMatchObject({ is_restricted: true, is_ultra_restricted: false });
    expect(bob?.profile?.email).toBeUndefined();
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
  });

  it('lists a user group, follows changes, and refuses unknown ones', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'S0ADMINS' })).users).toEqual([ALICE]);
    fake.setUsergroup('S0ADMINS', [ALICE, BOB]);
    expect((await client.usergroups.users.list({ usergroup: 'S0ADMINS' })).users).toEqual([ALICE, BOB]);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NONE' }))).toBe('no_such_subteam');
  });
});

describe('conversations and messages', () => {
  it('opens one stable DM per user, which then accepts messages', async () => {
    const first = await client.conversations.open({ users: ALICE });
    const again = await client.conversations.open({ users: ALICE });
    const dm = first.channel?.id ?? '';

    expect(dm).toMatch(/^D/);
    expect(again.channel?.id).toBe(dm);
    expect(fake.dmChannelOf(ALICE)).toBe(dm);
    await client.chat.postMessage({ channel: dm, text: 'hi Alice' });
    expect(fake.messages(dm).map((m) => m.text)).toEqual(['hi Alice']);
  });

  it('refuses unknown channels and messages without text or blocks', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C0UNKNOWN', text: 'x' }))).toBe('channel_not_found');
    expect(await slackError(client.chat.postMessage({ channel: CHANNEL, text: '' }))).toBe('no_text');
  });

  it('gives monotonic ts values and keeps every edit', async () => {
    const a = await client.chat.postMessage({ channel: CHANNEL, text: 'one', blocks: [section('one', 'b1')] });
    const b = await client.chat.postMessage({ channel: CHANNEL, text: 'two' });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(String(b.ts) > String(a.ts)).toBe(true);

    // chat.update keeps blocks it was not given, like Slack.
    await client.chat.update({ channel: CHANNEL, ts: String(a.ts), text: 'one, edited' });
    const message = fake.message(CHANNEL, String(a.ts));
    expect(message).toMatchObject({ text: 'one, edited', blocks: [section('one', 'b1')] });
    expect(message?.history.map((v) => v.text)).toEqual(['one', 'one, edited']);
    expect(await slackError(client.chat.update({ channel: CHANNEL, ts: '1.000000', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('stores ephemerals per user and builds permalinks', async () => {
    await client.chat.postEphemeral({ channel: CHANNEL, user: BOB, text: 'only for Bob' });
    expect(fake.ephemerals(BOB).map((m) => m.text)).toEqual(['only for Bob']);

    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'link me' });
    const { permalink } = await client.chat.getPermalink({ channel: CHANNEL, message_ts: String(ts) });
    expect(permalink).toContain(`/archives/${CHANNEL}/p${String(ts).replace('.', '')}`);
  });
});

describe('views', () => {
  it('opens, pushes up to three views, then refuses with push_limit_reached', async () => {
    const opened = await client.views.open({ trigger_id: fake.newTriggerId(ALICE), view: modal('One') });
    await client.views.push({ trigger_id: fake.newTriggerId(ALICE), view: modal('Two') });
    await client.views.push({ trigger_id: fake.newTriggerId(ALICE), view: modal('Three') });

    expect(await slackError(client.views.push({ trigger_id: fake.newTriggerId(ALICE), view: modal('Four') }))).toBe(
      'push_limit_reached',
    );
    expect(fake.views(ALICE).map((v) => v.title?.text)).toEqual(['One', 'Two', 'Three']);
    expect(fake.views(ALICE)[2]?.root_view_id).toBe(opened.view?.id);
  });

  it('uses a trigger_id once and only within 3 seconds', async () => {
    const trigger = fake.newTriggerId(BOB);
    await client.views.open({ trigger_id: trigger, view: modal('Once') });
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal('Twice') }))).toBe(
      'exchanged_trigger_id',
    );

    const late = fake.newTriggerId(BOB);
    fake.advanceClock(3_001);
    expect(await slackError(client.views.open({ trigger_id: late, view: modal('Late') }))).toBe('expired_trigger_id');
    expect(await slackError(client.views.open({ trigger_id: 'made-up', view: modal('Fake') }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('updates by view_id or external_id, checks the hash, and changes it', async () => {
    const { view } = await client.views.open({
      trigger_id: fake.newTriggerId(BOB),
      view: modal('Start', { external_id: 'ext-1' }),
    });
    const staleHash = String(view?.hash);

    const updated = await client.views.update({
      view_id: String(view?.id),
      hash: staleHash,
      view: modal('Updated', { external_id: 'ext-1' }),
    });
    expect(updated.view?.hash).not.toBe(staleHash);
    expect(
      await slackError(client.views.update({ view_id: String(view?.id), hash: staleHash, view: modal('Lost') })),
    ).toBe('hash_conflict');
    await client.views.update({ external_id: 'ext-1', view: modal('By external id', { external_id: 'ext-1' }) });
    expect(fake.view(String(view?.id))?.title?.text).toBe('By external id');
    expect(await slackError(client.views.update({ view_id: 'V0NONE', view: modal('x') }))).toBe('not_found');
  });

  it('publishes one Home view per user', async () => {
    const home = { type: 'home' as const, blocks: [section('Home')] as webApi.KnownBlock[] };
    const first = await client.views.publish({ user_id: ALICE, view: home });
    await client.views.publish({ user_id: ALICE, view: home, hash: String(first.view?.hash) });

    expect(fake.homeView(ALICE)?.id).toBe(first.view?.id);
    expect(await slackError(client.views.publish({ user_id: ALICE, view: home, hash: String(first.view?.hash) }))).toBe(
      'hash_conflict',
    );
  });
});

describe('Block Kit limits', () => {
  const button = (text: string, value = 'v', actionId = 'a') => ({
    type: 'actions',
    elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value }],
  });
  const cases: Array<[string, unknown[], string]> = [
    ['51 blocks', Array.from({ length: 51 }, (_, i) => section(`s${i}`)), 'blocks: 51 items > 50'],
    ['section text over 3000', [section('x'.repeat(3001))], 'blocks[0].text.text: 3001 chars > 3000'],
    ['button text over 75', [button('x'.repeat(76))], 'blocks[0].elements[0].text.text: 76 chars > 75'],
    ['button value over 2000', [button('ok', 'v'.repeat(2001))], 'blocks[0].elements[0].value: 2001 chars > 2000'],
    ['action_id over 255', [button('ok', 'v', 'a'.repeat(256))], 'blocks[0].elements[0].action_id: 256 chars > 255'],
    ['duplicate block_id', [section('a', 'same'), section('b', 'same')], 'blocks[1].block_id: duplicate block_id same'],
    [
      'option value over 150',
      [
        section('pick'),
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 'pick',
              options: [{ text: { type: 'plain_text', text: 'one' }, value: 'v'.repeat(151) }],
            },
          ],
        },
      ],
      'blocks[1].elements[0].options[0].value: 151 chars > 150',
    ],
  ];

  it.each(cases)('refuses a message with %s and records the violation', async (_name, blocks, problem) => {
    const error = await slackError(
      client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks as webApi.KnownBlock[] }),
    );

    expect(error).toBe('invalid_blocks');
    expect(fake.violations).toContainEqual({ method: 'chat.postMessage', problem });
  });

  it('refuses modals with a long title, long private_metadata, 101 blocks or inputs without submit', async () => {
    const attempts: Array<[ReturnType<typeof modal>, string]> = [
      [modal('x'.repeat(25)), 'view.title.text: 25 chars > 24'],
      [modal('ok', { private_metadata: 'm'.repeat(3001) }), 'view.private_metadata: 3001 chars > 3000'],
      [
        { ...modal('ok'), blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })) },
        'blocks: 101 items > 100',
      ],
      [
        {
          ...modal('ok'),
          blocks: [
            {
              type: 'input',
              label: { type: 'plain_text', text: 'Why' },
              element: { type: 'plain_text_input', action_id: 'why' },
            },
          ],
        },
        'view.submit: required when the view has input blocks',
      ],
    ];
    for (const [view, problem] of attempts) {
      expect(await slackError(client.views.open({ trigger_id: fake.newTriggerId(ALICE), view }))).toBe(
        'invalid_blocks',
      );
      expect(fake.violations).toContainEqual({ method: 'views.open', problem });
    }
  });
});

describe('response_url', () => {
  it('posts ephemeral by default, in_channel on request, and stops after 5 uses', async () => {
    const url = fake.newResponseUrl({ userId: ALICE, channelId: CHANNEL });

    expect((await respond(url, { text: 'just you' })).status).toBe(200);
    expect((await respond(url, { text: 'everyone', response_type: 'in_channel' })).status).toBe(200);
    for (let use = 3; use <= 5; use += 1) expect((await respond(url, { text: `use ${use}` })).status).toBe(200);
    const sixth = await respond(url, { text: 'too many' });

    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_up');
    expect(fake.ephemerals(ALICE).map((m) => m.text)).toEqual(expect.arrayContaining(['just you', 'use 5']));
    expect(fake.messages(CHANNEL).at(-1)?.text).toBe('everyone');
    expect(fake.calls('response_url').filter((c) => c.args.text === 'too many')[0]?.response).toEqual({
      ok: false,
      error: 'used_up',
    });
  });

  it('replaces or deletes the message the interaction came from', async () => {
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'card' });
    const origin = { userId: ALICE, channelId: CHANNEL, messageTs: String(ts) };

    await respond(fake.newResponseUrl(origin), { replace_original: true, text: 'card, decided' });
    expect(fake.message(CHANNEL, String(ts))?.history.map((v) => v.text)).toEqual(['card', 'card, decided']);

    await respond(fake.newResponseUrl(origin), { delete_original: true });
    expect(fake.message(CHANNEL, String(ts))).toBeUndefined();
  });

  it('expires after 30 minutes', async () => {
    const url = fake.newResponseUrl({ userId: ALICE });
    fake.advanceClock(30 * 60_000 + 1);
    expect((await respond(url, { text: 'late' })).status).toBe(404);
  });
});

describe('faults', () => {
  it('fails the next calls as asked, then recovers', async () => {
    fake.failNext('users.info', { error: 'fatal_error' }, 2);
    fake.failNext('usergroups.users.list', { status: 500 });

    expect(await slackError(client.users.info({ user: ALICE }))).toBe('fatal_error');
    expect(await slackError(client.users.info({ user: ALICE }))).toBe('fatal_error');
    expect((await client.users.info({ user: ALICE })).ok).toBe(true);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0ADMINS' }))).toBe('slack_webapi_http_error');
  });

  it('delays an answer', async () => {
    fake.failNext('auth.test', { delayMs: 200 });
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('rejects rate-limited calls with their Retry-After when the client is told to', async () => {
    const strict = clientOn(fake, TOKEN, { rejectRateLimitedCalls: true });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });

    const error = await strict.chat.postMessage({ channel: CHANNEL, text: 'x' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
  });
});

describe('waitForCall and containsText', () => {
  it('waits for a call made later, and times out with what it saw', async () => {
    const waiting = fake.waitForCall('chat.postMessage', (c) => c.args.text === 'later');
    setTimeout(() => void client.chat.postMessage({ channel: CHANNEL, text: 'later' }), 50);
    expect((await waiting).args.channel).toBe(CHANNEL);

    await expect(fake.waitForCall('chat.delete', undefined, { timeoutMs: 50 })).rejects.toThrow(
      /no matching chat.delete call/,
    );
  });

  it('finds text that arrived percent-encoded inside a JSON-string argument', async () => {
    const secret = 'napi_k3y/+=&ü';
    await client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: [section(`key ${secret}`)] });

    expect(fake.containsText(secret)).toBe(true);
    expect(fake.containsText('napi_absent')).toBe(false);
  });
});
