import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FakeUser, type FakeView, visibleText } from '../../sandbox/slack/index.ts';
import { SealedBox } from '../../src/crypto/sealed.ts';
import { ADMIN_CONNECT_VIEW, KEY_ACTION, KEY_BLOCK } from '../../src/slack/blocks/admin-connect-modal.ts';
import { CHANNELS, eventually, type Harness, type HarnessOptions, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation } from '../support/conversation.ts';

// `/neon admin connect|disconnect` and what an admin's own key changes, through the real app.
// Each describe runs its own bot, on its own database, with the configuration it is about.

let h: Harness;
/** Every key pasted into the modal in this file, for the leak scans. */
const pasted: string[] = [];

/** Slack approvers beyond Ada and Bob, each set up in Neon the way one test needs. */
const CAST = {
  carol: { id: 'UCAROL001', name: 'carol', realName: 'Carol Member', email: 'carol@example.com' },
  dave: { id: 'UDAVE0001', name: 'dave', realName: 'Dave Outside', email: 'dave@example.com' },
  erin: { id: 'UERIN0001', name: 'erin', realName: 'Erin Revoked', email: 'erin@example.com' },
  fran: { id: 'UFRAN0001', name: 'fran', realName: 'Fran Leaving', email: 'fran@example.com' },
} satisfies Record<string, FakeUser>;
const APPROVERS = [PEOPLE.admin.id, PEOPLE.admin2.id, ...Object.values(CAST).map((p) => p.id)].join(',');

/** Starts the describe block's own bot; the helpers here use it while its tests run. */
function useBot(options: HarnessOptions): void {
  const bot = useHarness(options);
  beforeAll(() => {
    h = bot;
  });
}

/** A Neon account for `email` (as Neon spells it) with this role in the org, or outside it. */
function neonAccount(email: string, role?: 'admin' | 'member'): string {
  const user = h.neon.addUser({ email });
  if (role) h.neon.addMember(user.id, role);
  return user.personalKey;
}

/** Sends a command and returns what the user was shown next. */
const command = (userId: string, text: string) => conversation(h).ask(userId, text);

async function openConnectModal(userId: string): Promise<FakeView> {
  const opened = h.slack.calls('views.open').length;
  expect((await h.driver.command(userId, 'admin connect')).status).toBe(200);
  const call = await eventually(() => h.slack.calls('views.open')[opened], 5_000, 'views.open');
  expect(call.response).toMatchObject({ ok: true });
  const view = h.slack.views(userId)[0]!;
  expect(view.callback_id).toBe(ADMIN_CONNECT_VIEW);
  expect(view.private_metadata).toBe('');
  return view;
}

/** Opens the modal, pastes `key`, submits; returns the HTTP answer (the view_submission ack) and how long it took. */
async function connect(userId: string, key: string) {
  const view = await openConnectModal(userId);
  pasted.push(key);
  const started = Date.now();
  const res = await h.driver.viewSubmission(userId, view, {
    [KEY_BLOCK]: { [KEY_ACTION]: { type: 'plain_text_input', value: key } },
  });
  return {
    status: res.status,
    body: res.body as { response_action?: string; errors?: Record<string, string>; view?: FakeView },
    ms: Date.now() - started,
  };
}

async function storedRows(userId: string): Promise<{ status: string; sealed_key: string }[]> {
  return (await h.db.pool.query('SELECT status, sealed_key FROM admin_credentials WHERE slack_user_id = $1', [userId]))
    .rows;
}

/** A new member asks for an invitation; returns the request id. */
async function newInviteRequest(tag: string): Promise<string> {
  const person = { id: `U${tag.toUpperCase()}`, name: tag, realName: tag, email: `${tag}@example.com` };
  h.slack.addUser(person);
  const reply = await command(person.id, 'invite');
  const id = /R-[2-9A-HJKMNP-Z]{8}/.exec(reply)?.[0];
  if (!id) throw new Error(`no request id in: ${reply}`);
  return id;
}

async function approve(approverId: string, requestId: string): Promise<void> {
  const card = await eventually(
    () => h.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(requestId)),
    5_000,
    'the card',
  );
  const click = await h.driver.blockAction(approverId, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  expect(click.status).toBe(200);
}

async function settled(requestId: string, status: string) {
  return eventually(
    async () => {
      const r = await h.bot.ctx.store.get(requestId);
      return r?.status === status ? r : undefined;
    },
    10_000,
    `${requestId} to be ${status}`,
  );
}

/** Waits for the card to say `text` (cards are refreshed after the database, asynchronously). */
function cardSays(requestId: string, text: string): Promise<string> {
  return eventually(
    () => {
      const card = h.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(requestId));
      const shown = card && visibleText(card);
      return shown?.includes(text) ? shown : undefined;
    },
    5_000,
    `the card of ${requestId} to say ${text}`,
  );
}

function auditSays(...parts: string[]): Promise<string> {
  return eventually(
    () =>
      h.slack
        .messages(CHANNELS.audit)
        .map((m) => visibleText(m))
        .find((l) => parts.every((p) => l.includes(p))),
    5_000,
    `an audit line with ${parts.join(' … ')}`,
  );
}

const invitePostsWith = (key: string) =>
  h.neon.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invitations') && r.authorization === key);

/** Every row of every table, as text: what a pg_dump of the data would hold. */
async function everyRow(): Promise<string> {
  const { rows: tables } = await h.db.pool.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const out: string[] = [];
  for (const { name } of tables)
    out.push(
      ...(await h.db.pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)).rows.map((r) => r.row),
    );
  return out.join('\n');
}

/** pg_dump's own output, when a pg_dump able to read this server is on PATH; undefined otherwise (absent, or an older major version). */
function pgDump(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('pg_dump', ['--data-only', url], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout) =>
      resolve(err ? undefined : stdout),
    );
  });
}

async function expectNoKeyInClear(keys: string[]): Promise<void> {
  const rows = await everyRow();
  const dump = await pgDump(h.db.url);
  const logs = h.logs.text();
  for (const key of keys) {
    expect(h.slack.containsText(key)).toBe(false);
    expect(logs).not.toContain(key);
    expect(rows).not.toContain(key);
    if (dump !== undefined) expect(dump).not.toContain(key);
  }
}

describe('with BOT_ENCRYPTION_KEY and a fallback NEON_API_KEY', () => {
  useBot({ env: { APPROVER_SLACK_IDS: APPROVERS } });
  beforeAll(() => {
    for (const person of Object.values(CAST)) h.slack.addUser(person);
  });

  it('help shows approvers how to connect their key', async () => {
    const reply = await command(PEOPLE.member.id, 'help admin');
    expect(reply).toContain('For approvers only');
    expect(reply).toContain('/neon admin connect');
    expect(reply).toContain('/neon admin disconnect');
  });

  it("a non-approver's connect is refused with an ephemeral, and no modal opens", async () => {
    const opened = h.slack.calls('views.open').length;
    expect(await command(PEOPLE.teammate.id, 'admin connect')).toContain('Only approvers can connect a Neon key');
    expect(h.slack.calls('views.open')).toHaveLength(opened);
    expect(await storedRows(PEOPLE.teammate.id)).toEqual([]);
  });

  it("connect accepts an admin's own key, and that admin's approvals then run with it", async () => {
    // Neon spells the address differently from Slack: emails match case-insensitively.
    const bobKey = neonAccount('Bob@Example.COM', 'admin');
    const answer = await connect(PEOPLE.admin2.id, bobKey);
    expect(answer.status).toBe(200);
    expect(answer.body.response_action).toBe('update');
    expect(visibleText(answer.body.view!)).toContain('Bob@Example.COM');
    expect(answer.ms).toBeLessThan(3_000);

    // Stored sealed under BOT_ENCRYPTION_KEY, bound to Bob's Slack id.
    const [row] = await storedRows(PEOPLE.admin2.id);
    expect(row?.status).toBe('active');
    expect(row!.sealed_key).not.toContain(bobKey);
    expect(new SealedBox(h.bot.ctx.config.encryptionKey!).open(row!.sealed_key, PEOPLE.admin2.id)).toBe(bobKey);
    await auditSays(`<@${PEOPLE.admin2.id}> connected their own Neon key`);

    const id = await newInviteRequest('ivan');
    await approve(PEOPLE.admin2.id, id);
    expect(await settled(id, 'done')).toMatchObject({ decidedBy: PEOPLE.admin2.id, executedWith: PEOPLE.admin2.id });
    expect(invitePostsWith(bobKey)).toHaveLength(1);
    expect(invitePostsWith(bobKey)[0]!.body).toEqual({ invitations: [{ email: 'ivan@example.com', role: 'member' }] });
    await cardSays(id, `<@${PEOPLE.admin2.id}>'s own Neon key`);
    await auditSays(id, 'Done', `<@${PEOPLE.admin2.id}>'s own Neon key`);

    // Ada has connected nothing: her approvals still use the shared fallback.
    const other = await newInviteRequest('jack');
    await approve(PEOPLE.admin.id, other);
    expect(await settled(other, 'done')).toMatchObject({ executedWith: 'fallback' });
    expect(invitePostsWith(h.adminKey).some((r) => JSON.stringify(r.body).includes('jack@example.com'))).toBe(true);
    await cardSays(other, 'with the shared fallback Neon key');
  });

  it.each([
    // Not shaped like a Neon key, so the log scrubber's patterns would not hide it: only care does.
    ['a mistyped key', () => `napi-typo-${randomBytes(12).toString('hex')}`, 'Neon does not accept this key'],
    ['a revoked key', () => revokedKey('carol.old@example.com'), 'Neon does not accept this key'],
    ["someone else's key (email mismatch)", () => h.adminKey, 'not your Slack email (carol@example.com)'],
    [
      "a non-admin member's own key",
      () => neonAccount('carol@example.com', 'member'),
      'is a member of the organization, not an admin',
    ],
    ['an organization API key', () => h.neon.addOrgApiKey(), 'This is an organization API key'],
  ])('connect refuses %s with the reason in the modal, storing nothing', async (_what, keyOf, reason) => {
    const answer = await connect(CAST.carol.id, keyOf());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { [KEY_BLOCK]: expect.stringContaining(reason) },
    });
    expect(h.slack.calls('ack').at(-1)?.response).toEqual({ ok: true });
    expect(h.slack.views(CAST.carol.id)[0]?.callback_id).toBe(ADMIN_CONNECT_VIEW);
    expect(await storedRows(CAST.carol.id)).toEqual([]);
  });

  it('connect refuses the key of an account outside the organization', async () => {
    const answer = await connect(CAST.dave.id, neonAccount('dave@example.com'));
    expect(answer.body.errors?.[KEY_BLOCK]).toContain('not a member of the organization');
    expect(await storedRows(CAST.dave.id)).toEqual([]);
  });

  it('answers within Slack’s 3 s even when Neon hangs, storing nothing', async () => {
    h.neon.failNext('getCurrentUserInfo', { delayMs: 5_000 }, 2);
    const answer = await connect(CAST.dave.id, h.adminKey);
    expect(answer.ms).toBeLessThan(3_000);
    expect(answer.body.errors?.[KEY_BLOCK]).toContain('try again');
    expect(await storedRows(CAST.dave.id)).toEqual([]);
    h.neon.reset();
  });

  it('a stored key that Neon answers 401 for fails the request, is marked invalid, never used again, and its owner is told', async () => {
    const erinKey = neonAccount('erin@example.com', 'admin');
    expect((await connect(CAST.erin.id, erinKey)).body.response_action).toBe('update');
    h.neon.revokeKey(erinKey);

    const id = await newInviteRequest('kim');
    await approve(CAST.erin.id, id);
    const failed = await settled(id, 'failed');
    expect(failed).toMatchObject({ executedWith: CAST.erin.id });
    expect(failed.error).toMatch(/authentication required/);
    expect((await storedRows(CAST.erin.id))[0]?.status).toBe('invalid');

    const dm = await eventually(
      () => h.slack.messages(h.slack.dmChannelOf(CAST.erin.id) ?? '-').find((m) => visibleText(m).includes(id)),
      5_000,
      'the DM to Erin',
    );
    expect(visibleText(dm)).toContain('Neon refused your stored personal API key');
    expect(visibleText(dm)).toContain('/neon admin connect');
    await auditSays(`Neon refused <@${CAST.erin.id}>'s own Neon key`);
    await cardSays(id, `<@${CAST.erin.id}>'s own Neon key`);

    // Her next approval does not try the refused key again: the fallback acts.
    const usedBefore = h.neon.requests.filter((r) => r.authorization === erinKey).length;
    const next = await newInviteRequest('lea');
    await approve(CAST.erin.id, next);
    expect(await settled(next, 'done')).toMatchObject({ executedWith: 'fallback' });
    expect(h.neon.requests.filter((r) => r.authorization === erinKey)).toHaveLength(usedBefore);
  });

  it('disconnect deletes the stored key; a second disconnect says there is none', async () => {
    expect((await connect(CAST.fran.id, neonAccount('fran@example.com', 'admin'))).body.response_action).toBe('update');
    expect(await storedRows(CAST.fran.id)).toHaveLength(1);
    expect(await command(CAST.fran.id, 'admin disconnect')).toContain('Your Neon key is removed');
    expect(await storedRows(CAST.fran.id)).toEqual([]);
    await auditSays(`<@${CAST.fran.id}> removed their own Neon key`);
    expect(await command(CAST.fran.id, 'admin disconnect')).toContain('no Neon key stored');
  });

  it('no pasted key appears in clear in Slack traffic, the logs or any table', async () => {
    expect(pasted.length).toBeGreaterThan(5);
    // The scan does read the stored rows: Bob's sealed key is among them.
    expect(await everyRow()).toMatch(/UADMIN002.*v1\./);
    await expectNoKeyInClear(pasted);
  });
});

function revokedKey(email: string): string {
  const key = neonAccount(email, 'admin');
  h.neon.revokeKey(key);
  return key;
}

describe('with no fallback NEON_API_KEY', () => {
  useBot({ env: { NEON_API_KEY: undefined } });

  it('an approval waits, the card says how to connect, and connecting runs it with that approver’s key', async () => {
    const id = await newInviteRequest('nina');
    await approve(PEOPLE.admin.id, id);
    await cardSays(id, '/neon admin connect');
    expect((await h.bot.ctx.store.get(id))?.status).toBe('approved');
    expect(h.neon.requests.filter((r) => r.method === 'POST')).toEqual([]);

    const answer = await connect(PEOPLE.admin.id, h.adminKey);
    expect(answer.body.response_action).toBe('update');
    expect(visibleText(answer.body.view!)).toContain('One request you approved');

    expect(await settled(id, 'done')).toMatchObject({
      decidedBy: PEOPLE.admin.id,
      executedWith: PEOPLE.admin.id,
      error: null,
    });
    expect(invitePostsWith(h.adminKey)).toHaveLength(1);
    await cardSays(id, `<@${PEOPLE.admin.id}>'s own Neon key`);
    await auditSays(id, 'Done', `<@${PEOPLE.admin.id}>'s own Neon key`);
    await expectNoKeyInClear([h.adminKey]);
  });
});

describe('with no BOT_ENCRYPTION_KEY', () => {
  useBot({ env: { BOT_ENCRYPTION_KEY: undefined } });

  it('connect tells the approver an operator must set BOT_ENCRYPTION_KEY, and opens nothing', async () => {
    const opened = h.slack.calls('views.open').length;
    expect(await command(PEOPLE.admin.id, 'admin connect')).toContain('an operator must set BOT_ENCRYPTION_KEY');
    expect(h.slack.calls('views.open')).toHaveLength(opened);
    expect(await command(PEOPLE.admin.id, 'admin disconnect')).toContain('no Neon key stored');
  });

  it('nothing else breaks: an approval runs with the fallback key', async () => {
    const id = await newInviteRequest('omar');
    await approve(PEOPLE.admin.id, id);
    expect(await settled(id, 'done')).toMatchObject({ executedWith: 'fallback' });
  });
});
