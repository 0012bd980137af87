import { describe, expect, it } from 'vitest';
import { visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, requestIdIn } from '../support/conversation.ts';

const h = useHarness();

/** Web API writes (not the replies to the user's own command) plus Neon calls and database rows. */
async function footprint() {
  const { rows } = await h.db.pool.query(
    'SELECT (SELECT count(*) FROM requests)::int AS requests, (SELECT count(*) FROM request_events)::int AS events',
  );
  const webApi = h.slack.calls().filter((c) => !['auth.test', 'response_url', 'ack'].includes(c.method)).length;
  return { webApi, neon: h.neon.requests.length, ...rows[0] };
}

/** Sends a command (a non-200 answer throws) and returns what the user was shown. */
const command = (userId: string, text: string) => conversation(h).ask(userId, text);

describe('Slack request signatures', () => {
  it.each([
    ['a forged signature', { signature: 'forged' as const }],
    ['a 6-minute-old timestamp', { timestampOffsetSec: -360 }],
    ['no signature header', { omitHeaders: ['signature' as const] }],
    ['no timestamp header', { omitHeaders: ['timestamp' as const] }],
  ])('%s gets 401 and writes nothing to Slack, Neon or the database', async (_what, opts) => {
    const before = await footprint();
    const repliesBefore = h.slack.calls('response_url').length;
    const res = await h.driver.command(PEOPLE.member.id, 'invite member', opts);
    expect(res.status).toBe(401);
    // A genuine request afterwards is answered, so anything the forged one started has had its turn.
    await command(PEOPLE.member.id, 'help');
    expect(h.slack.calls('response_url').length).toBe(repliesBefore + 1);
    expect(await footprint()).toEqual(before);
  });

  it('a forged Approve click changes nothing', async () => {
    const reply = await command(PEOPLE.member.id, 'invite member');
    const id = /R-[A-Z0-9]{8}/.exec(reply)![0];
    const card = await eventually(() => h.slack.messages('CAPPROVALS').find((m) => visibleText(m).includes(id)));
    // The ask's own announcements (card, audit line) land asynchronously: let them finish first.
    await eventually(() => h.slack.messages('CAUDIT001').some((m) => visibleText(m).includes(id)));
    const before = await footprint();
    const res = await h.driver.blockAction(
      PEOPLE.admin.id,
      { actionId: 'approve_request', message: { channel: 'CAPPROVALS', ts: card.ts } },
      { signature: 'forged' },
    );
    expect(res.status).toBe(401);
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');
    expect(await footprint()).toEqual(before);
  });
});

/** Odd, hostile and random inputs: every one must be answered 200 with a helpful message. */
function oddInputs(): string[] {
  const fixed = [
    '',
    ' ',
    '\t\n',
    'HELP',
    'Help me',
    'invite',
    'INVITE ADMIN',
    'invite owner',
    'invite someone@else.com',
    'invite <@UADMIN001>',
    'invite for 2h',
    'key "',
    'key for',
    'key for 0m',
    'key for 99x',
    'role',
    'role superuser',
    'role admin for',
    'role admin @bob',
    'cancel',
    'cancel nope',
    'revoke',
    'revoke -1',
    'revoke abc',
    'admin',
    'admin explode',
    'mine please',
    'frobnicate',
    '<!channel>',
    '<!here> invite',
    '&amp;&lt;&gt;',
    '"unterminated quote',
    '🦄🦄🦄',
    'ｉｎｖｉｔｅ',
    'invite\u0000member',
    '\u202eetivni',
    'x'.repeat(2500),
    `invite member ${'reason '.repeat(400)}`,
    'invite member <https://evil.test|click>',
    '; DROP TABLE requests; --',
    "invite member ' OR 1=1 --",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style string, sent as typed
    '${jndi:ldap://x}',
    '{{7*7}}',
    '../../etc/passwd',
  ];
  // A seeded generator: the same "random" texts every run, so a failure can be replayed.
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 <>&@!#:|_-.\'"`\n\t😀é';
  const random = Array.from({ length: 50 - fixed.length }, () =>
    Array.from({ length: 1 + Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  );
  return [...fixed, ...random];
}

describe('50 odd or random command texts', () => {
  it('are all answered 200 with a helpful message, and the bot stays up', async () => {
    const inputs = oddInputs();
    expect(inputs).toHaveLength(50);
    // Each from its own user, so none is refused as a duplicate of another.
    for (const [i, text] of inputs.entries()) {
      const user = {
        id: `UODD${String(i).padStart(5, '0')}`,
        name: `odd${i}`,
        realName: `Odd ${i}`,
        email: `odd${i}@example.com`,
      };
      h.slack.addUser(user);
      const reply = await command(user.id, text);
      expect(reply.length, `reply for ${JSON.stringify(text)}`).toBeGreaterThan(10);
      expect(reply, `reply for ${JSON.stringify(text)}`).not.toMatch(/went wrong/);
    }
    const health = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await command(PEOPLE.member.id, 'help')).toContain('/neon invite');
  });
});

describe('secrets', () => {
  it('never appear in debug logs or anything sent to Slack', async () => {
    await command(PEOPLE.member.id, 'help');
    const logs = h.logs.text();
    expect(h.logs.lines.length).toBeGreaterThan(20);
    for (const secret of h.secrets) {
      expect(logs.includes(secret), 'a secret reached the logs').toBe(false);
    }
    // Nor anything shaped like one: a Neon key, or an Authorization header's credentials.
    expect(logs).not.toMatch(/napi_[a-z0-9]{8,}/i);
    expect(logs).not.toMatch(/bearer\s+(?!\[REDACTED\])[^\s"',]+/i);
    // The bot token authenticates calls (header, or Bolt's own `token` argument); nothing else may carry a secret.
    for (const call of h.slack.calls()) {
      const { token: _auth, ...rest } = call.args;
      const args = JSON.stringify(rest);
      for (const secret of h.secrets) expect(args.includes(secret), `${call.method} carried a secret`).toBe(false);
    }
  });
});

interface LogLine {
  msg: string;
  requestId?: string;
  component?: string;
  to?: string;
}

describe('log lines about a request', () => {
  const lines = () => h.logs.lines.map((l) => JSON.parse(l) as LogLine);

  it("carry its id, however deep they were written, and no other request's", async () => {
    const talk = conversation(h);
    const person = { id: 'ULOGLINE1', name: 'lou', realName: 'Lou Lines', email: 'lou@example.com' };
    h.slack.addUser(person);
    const id = requestIdIn(await command(person.id, 'invite member'));
    await talk.approve(PEOPLE.admin.id, await talk.card(id));
    await talk.status(id, 'done', 20_000);
    await talk.dm(person.id, id, 'invitation');

    const about = lines().filter((l) => l.requestId === id);
    // Its story at info level: asked, then each status change.
    const story = about
      .filter((l) => l.msg === 'request created' || l.msg === 'request moved')
      .map((l) => l.to ?? 'pending');
    expect(story).toEqual(['pending', 'approved', 'executing', 'done']);
    // Lines written deep inside its jobs (the Slack client's own debug lines) carry it without naming it.
    expect(about.some((l) => l.component === 'slack' && !l.msg.includes(id))).toBe(true);

    // A Deny: the click and the modal's submission name the request (button value, private_metadata),
    // so the listeners' own lines (opening the modal) carry it too.
    const other = { id: 'ULOGLINE3', name: 'dee', realName: 'Dee Denied', email: 'dee@example.com' };
    h.slack.addUser(other);
    const denied = requestIdIn(await command(other.id, 'invite member'));
    const card = await talk.card(denied);
    await h.driver.blockAction(PEOPLE.admin.id, {
      actionId: 'deny_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    const modal = await eventually(
      () => h.slack.views(PEOPLE.admin.id).find((v) => v.callback_id === 'deny_reason'),
      10_000,
      'the deny modal',
    );
    await h.driver.viewSubmission(PEOPLE.admin.id, modal, {
      note: { note_input: { type: 'plain_text_input', value: 'not now' } },
    });
    await talk.status(denied, 'denied', 20_000);
    expect(lines().some((l) => l.requestId === denied && l.msg.includes('views.open'))).toBe(true);

    for (const line of h.logs.lines.filter((l) => l.includes(id) || l.includes(denied))) {
      expect((JSON.parse(line) as LogLine).requestId, line).toBe(line.includes(id) ? id : denied);
    }
    // And no line names one request while carrying another's id (a pooled connection, a shared worker).
    for (const line of h.logs.lines) {
      const mentioned = new Set(line.match(/R-[2-9A-HJKMNP-Z]{8}/g));
      const { requestId } = JSON.parse(line) as LogLine;
      if (requestId && mentioned.size === 1) expect(mentioned.has(requestId), line).toBe(true);
    }
  });

  it('hide a Neon key and an Authorization header pasted into a reason', async () => {
    const person = { id: 'ULOGLINE2', name: 'pat', realName: 'Pat Paste', email: 'pat@example.com' };
    h.slack.addUser(person);
    const key = `napi_${'a1b2c3d4'.repeat(8)}`;
    const id = requestIdIn(
      await command(person.id, `invite member my key napi is ${key} and Authorization: Bearer sk-live-4f9a8b7c`),
    );
    await conversation(h).card(id);
    const logs = h.logs.text();
    expect(logs).not.toContain(key);
    expect(logs).not.toContain('sk-live-4f9a8b7c');
    expect(h.logs.lines.some((l) => l.includes(id) && l.includes('[REDACTED]'))).toBe(true);
  });
});
