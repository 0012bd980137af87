import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../sandbox/slack/index.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import type { PROJECT_NAMES } from '../../sandbox/stage.ts';
import { keyNameFor } from '../../src/domain/issued-key.ts';
import type { RequestStatus } from '../../src/domain/request.ts';
import type { RequestRecord } from '../../src/domain/request-record.ts';
import { CHANNELS, eventually, type Harness, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, requestIdIn } from '../support/conversation.ts';

const run = promisify(execFile);
const REQUEST_ID = /R-[2-9A-HJKMNP-Z]{8}/;

/** The helpers every part of this file uses, bound to one harness. */
function helpers(h: Harness) {
  const project = (name: (typeof PROJECT_NAMES)[number]) => h.neon.projects().find((p) => p.name === name)!;

  const { ask } = conversation(h);

  const cardFor = (id: string) => h.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(id));

  async function status(id: string, wanted: RequestStatus, timeoutMs = 10_000): Promise<RequestRecord> {
    return eventually(
      async () => {
        const r = await h.bot.ctx.store.get(id);
        return r?.status === wanted ? r : undefined;
      },
      timeoutMs,
      `${id} to be ${wanted}`,
    );
  }

  async function approve(id: string): Promise<RequestRecord> {
    const card = await eventually(() => cardFor(id), 5_000, `the card of ${id}`);
    await h.driver.blockAction(PEOPLE.admin.id, {
      actionId: 'approve_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    return status(id, 'done');
  }

  /** The requester's DM that carries the Reveal button of this request. */
  const revealDm = (userId: string, id: string) =>
    eventually(
      () =>
        h.slack
          .messages(h.slack.dmChannelOf(userId) ?? '-')
          .find((m) => JSON.stringify(m.blocks ?? []).includes(`"value":"${id}"`)),
      5_000,
      `the Reveal DM of ${id}`,
    );

  /** A click on Reveal by `clicker`; resolves with the reveal modal opened, or the ephemeral answer. */
  async function reveal(clicker: string, owner: string, id: string): Promise<{ modal?: Json; reply?: string }> {
    const dm = await revealDm(owner, id);
    const opened = revealModals().length;
    const answered = h.slack.ephemerals(clicker).length;
    await h.driver.blockAction(clicker, { actionId: 'reveal_key', message: { channel: dm.channel, ts: dm.ts } });
    return eventually(
      () => {
        const modals = revealModals();
        if (modals.length > opened) return { modal: modals.at(-1)!.args.view as Json };
        const mine = h.slack.ephemerals(clicker);
        return mine.length > answered ? { reply: visibleText(mine.at(-1)!) } : undefined;
      },
      5_000,
      'the answer to Reveal',
    );
  }

  const revealModals = () =>
    h.slack.calls('views.open').filter((c) => (c.args.view as Json | undefined)?.callback_id === 'key_reveal');

  /** Every key Neon holds that the bot created for this request (revoked ones too), oldest first. */
  const neonKeysOf = (id: string) => h.neon.apiKeys().filter((k) => k.name === keyNameFor(id));

  const neonCalls = (method: string, path: RegExp) =>
    h.neon.requests.filter((r) => r.method === method && path.test(r.path));

  const auditLines = () => h.slack.messages(CHANNELS.audit).map((m) => visibleText(m));

  async function keySecretRow(id: string) {
    const { rows } = await h.db.pool.query(
      'SELECT key_id, sealed, revealed_at FROM key_secrets WHERE request_id = $1',
      [id],
    );
    return rows[0] as { key_id: string; sealed: string | null; revealed_at: Date | null } | undefined;
  }

  return {
    project,
    ask,
    requestIdIn,
    cardFor,
    status,
    approve,
    revealDm,
    reveal,
    revealModals,
    neonKeysOf,
    neonCalls,
    auditLines,
    keySecretRow,
  };
}

/** pg_dump of the whole database when it runs; else (absent, or older than the server) every row of every table as text. */
async function everyRowAsText(h: Harness): Promise<string> {
  try {
    return (await run('pg_dump', ['--data-only', h.db.url], { maxBuffer: 256 * 1024 * 1024 })).stdout;
  } catch {
    const { rows: tables } = await h.db.pool.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const text: string[] = [];
    for (const { name } of tables) {
      const { rows } = await h.db.pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      text.push(...rows.map((r) => r.row));
    }
    return text.join('\n');
  }
}

describe('/neon key, end to end through the real app', () => {
  const h = useHarness();
  const t = helpers(h);

  it('by exact project id: created with the approving admin key, revealed once to its requester only', async () => {
    const shop = t.project('shop');
    const reply = await t.ask(PEOPLE.member.id, `key ${shop.id} for 8h reading the orders`);
    expect(reply).toContain('created');
    const id = t.requestIdIn(reply);
    const card = visibleText(await eventually(() => t.cardFor(id), 5_000, 'the card'));
    expect(card).toContain(shop.id);
    expect(card).toContain('8h');
    expect(card).toContain('reading the orders');

    const done = await t.approve(id);
    const posts = t.neonCalls('POST', /\/api_keys$/).filter((r) => JSON.stringify(r.body).includes(id));
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      path: `/organizations/${h.neon.orgId}/api_keys`,
      authorization: h.adminKey,
      body: { key_name: `neon-access-bot ${id}`, project_id: shop.id },
      status: 200,
    });
    // Looked before it created: a retry would find this key by its name.
    const list = h.neon.requests.findIndex(
      (r) => r.method === 'GET' && r.path.endsWith('/api_keys') && r.requestId === posts[0]!.requestId,
    );
    expect(list).toBeGreaterThanOrEqual(0);
    expect(list).toBeLessThan(h.neon.requests.indexOf(posts[0]!));

    const [issued] = t.neonKeysOf(id);
    expect(issued).toMatchObject({ projectId: shop.id, revoked: false });
    expect(done).toMatchObject({ executedWith: 'fallback', result: { keyId: issued!.id, projectId: shop.id } });
    expect(done.grantExpiresAt!.getTime() - Date.now()).toBeGreaterThan(8 * 3_600_000 - 60_000);

    const dm = await t.revealDm(PEOPLE.member.id, id);
    expect(visibleText(dm)).toContain(String(issued!.id));
    expect(visibleText(dm)).toContain('Reveal key');
    await eventually(() => t.auditLines().some((l) => l.includes(id) && l.includes('Done')));

    // Someone else clicking Mia's button sees nothing.
    const stranger = await t.reveal(PEOPLE.teammate.id, PEOPLE.member.id, id);
    expect(stranger.reply).toContain('Only the person who asked');

    const first = await t.reveal(PEOPLE.member.id, PEOPLE.member.id, id);
    expect(JSON.stringify(first.modal)).toContain(issued!.token);
    expect(await t.keySecretRow(id)).toMatchObject({ sealed: null, revealed_at: expect.any(Date) });

    const second = await t.reveal(PEOPLE.member.id, PEOPLE.member.id, id);
    expect(second.reply).toContain('already shown');
    expect(second.reply).toContain(`/neon revoke ${issued!.id}`);
    expect(t.revealModals()).toHaveLength(1);
  });

  it('by unique name: the project is found, and no `for` means KEY_DEFAULT_DURATION', async () => {
    const api = t.project('billing-api');
    const id = t.requestIdIn(await t.ask(PEOPLE.member.id, 'key billing-api'));
    const row = await h.bot.ctx.store.get(id);
    expect(row).toMatchObject({ kind: 'key', projectId: api.id, durationMs: 7 * 86_400_000, status: 'pending' });
    expect(visibleText(await eventually(() => t.cardFor(id), 5_000, 'the card'))).toContain('7d');
    expect(await t.ask(PEOPLE.member.id, `key ${api.id}`)).toContain('already asked');
  });

  it('an ambiguous name opens the picker at once; it lists Neon projects as typed; submitting asks', async () => {
    const person = { id: 'UPICKER01', name: 'pia', realName: 'Pia Picker', email: 'pia@example.com' };
    h.slack.addUser(person);
    await h.driver.command(person.id, 'key billing for 2h load tests');
    const modal = await eventually(
      () => h.slack.views(person.id).find((v) => v.callback_id === 'key_request'),
      5_000,
      'the key form',
    );
    expect(visibleText({ blocks: modal.blocks })).toContain('More than one');
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"2h"');
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"load tests"');

    const suggest = async (value: string) => {
      const res = await h.driver.blockSuggestion(person.id, {
        actionId: 'key_project_select',
        blockId: 'key_project',
        value,
        view: modal,
      });
      expect(res.status).toBe(200);
      return (res.body as { options: { text: { text: string }; value: string }[] }).options;
    };
    const billing = await suggest('billing');
    expect(billing.map((o) => o.text.text).sort()).toEqual(['billing-api', 'billing-web']);
    const web = t.project('billing-web');
    expect(billing.find((o) => o.text.text === 'billing-web')?.value).toBe(web.id);
    expect((await suggest('')).map((o) => o.value).sort()).toEqual(
      h.neon
        .projects()
        .map((p) => p.id)
        .sort(),
    );
    expect(await suggest('no-such-thing')).toEqual([]);

    const before = h.slack.messages(h.slack.dmChannelOf(person.id) ?? '-').length;
    const submit = await h.driver.viewSubmission(person.id, modal, {
      key_project: {
        key_project_select: {
          type: 'external_select',
          selected_option: { text: { type: 'plain_text', text: 'billing-web' }, value: web.id },
        },
      },
      key_duration: { key_duration_input: { type: 'plain_text_input', value: '2h' } },
      key_reason: { key_reason_input: { type: 'plain_text_input', value: 'load tests' } },
    });
    expect(submit.status).toBe(200);
    const told = await eventually(() =>
      h.slack
        .messages(h.slack.dmChannelOf(person.id) ?? '-')
        .slice(before)
        .find((m) => REQUEST_ID.test(visibleText(m))),
    );
    const row = await h.bot.ctx.store.get(t.requestIdIn(visibleText(told)));
    expect(row).toMatchObject({
      requesterId: person.id,
      projectId: web.id,
      durationMs: 2 * 3_600_000,
      reason: 'load tests',
    });
  });

  it('no project: the form opens before any Neon call, and checks what is typed into it', async () => {
    const neonBefore = h.neon.requests.length;
    await h.driver.command(PEOPLE.teammate.id, 'key');
    const modal = await eventually(
      () => h.slack.views(PEOPLE.teammate.id).find((v) => v.callback_id === 'key_request'),
      5_000,
      'the key form',
    );
    expect(h.neon.requests.length).toBe(neonBefore);

    const shop = t.project('shop');
    const picked = {
      key_project_select: {
        type: 'external_select',
        selected_option: { text: { type: 'plain_text', text: 'shop' }, value: shop.id },
      },
    };
    for (const [typed, expected] of [
      ['3 days', 'duration'],
      ['45d', 'at most 30d'],
    ] as const) {
      const res = await h.driver.viewSubmission(PEOPLE.teammate.id, modal, {
        key_project: picked,
        key_duration: { key_duration_input: { type: 'plain_text_input', value: typed } },
      });
      expect(res.body).toMatchObject({
        response_action: 'errors',
        errors: { key_duration: expect.stringContaining(expected) },
      });
    }
    expect(h.slack.views(PEOPLE.teammate.id).some((v) => v.id === modal.id)).toBe(true);
    const { rows } = await h.db.pool.query('SELECT count(*)::int AS n FROM requests WHERE requester_id = $1', [
      PEOPLE.teammate.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it.each([
    ['an unknown project', 'key no-such-project', 'No project in the Neon organization'],
    ['longer than KEY_MAX_DURATION', 'key shop for 45d', 'at most 30d'],
  ])('%s: a clear answer, and no card, form or request', async (_what, text, expected) => {
    const person = {
      id: `UREFUSE${text.length}`,
      name: 'ray',
      realName: 'Ray',
      email: `ray${text.length}@example.com`,
    };
    h.slack.addUser(person);
    const cards = h.slack.messages(CHANNELS.approvals).length;
    const forms = h.slack.calls('views.open').length;
    expect(await t.ask(person.id, text)).toContain(expected);
    expect(h.slack.messages(CHANNELS.approvals).length).toBe(cards);
    expect(h.slack.calls('views.open').length).toBe(forms);
    const { rows } = await h.db.pool.query('SELECT count(*)::int AS n FROM requests WHERE requester_id = $1', [
      person.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('/neon revoke: the owner revokes at once; anyone else is refused and nothing is revoked', async () => {
    const id = t.requestIdIn(await t.ask(PEOPLE.teammate.id, 'key shop for 8h'));
    await t.approve(id);
    const [issued] = t.neonKeysOf(id);
    const deletes = () => t.neonCalls('DELETE', new RegExp(`/api_keys/${issued!.id}$`));

    expect(await t.ask(PEOPLE.member.id, `revoke ${issued!.id}`)).toContain('not a key the bot issued to you');
    expect(await t.ask(PEOPLE.member.id, 'revoke 999999')).toContain('not a key the bot issued to you');
    expect(deletes()).toHaveLength(0);
    expect((await h.bot.ctx.store.get(id))?.status).toBe('done');

    expect(await t.ask(PEOPLE.teammate.id, `revoke ${issued!.id}`)).toContain('revoked in Neon');
    expect(deletes()).toEqual([expect.objectContaining({ authorization: h.adminKey, status: 200 })]);
    expect(t.neonKeysOf(id)[0]?.revoked).toBe(true);
    const row = await t.status(id, 'revoked');
    expect(row.result).toMatchObject({ revokedFor: 'owner' });
    expect(await t.keySecretRow(id)).toMatchObject({ sealed: null, revealed_at: null });

    await eventually(
      () => visibleText(h.slack.message(CHANNELS.approvals, t.cardFor(id)!.ts)!).includes('revoked in Neon by'),
      5_000,
      'the card',
    );
    await eventually(
      () => t.auditLines().some((l) => l.includes(id) && l.includes('revoked in Neon by')),
      5_000,
      'the audit line',
    );
    await eventually(() =>
      h.slack
        .messages(h.slack.dmChannelOf(PEOPLE.teammate.id) ?? '-')
        .some((m) => visibleText(m).includes(id) && visibleText(m).includes('revoked in Neon')),
    );

    expect(await t.ask(PEOPLE.teammate.id, `revoke ${issued!.id}`)).toContain('already revoked');
    expect((await t.reveal(PEOPLE.teammate.id, PEOPLE.teammate.id, id)).reply).toContain('is revoked');
    expect(deletes()).toHaveLength(1);
  });

  it.each([
    ['another project', 'billing-web'],
    ['the whole organization', undefined],
  ] as const)('a key Neon scopes to %s is revoked at once and the request fails', async (_what, otherName) => {
    const person = {
      id: `UMISSCOPE${otherName ? 'P' : 'O'}`,
      name: 'mo',
      realName: 'Mo',
      email: `mo${otherName ?? 'org'}@example.com`,
    };
    h.slack.addUser(person);
    h.neon.misscopeNextProjectKey(otherName && t.project(otherName).id);
    const id = t.requestIdIn(await t.ask(person.id, 'key billing-api'));
    const card = await eventually(() => t.cardFor(id));
    await h.driver.blockAction(PEOPLE.admin.id, {
      actionId: 'approve_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    const failed = await t.status(id, 'failed');
    expect(failed.error).toContain('revoked it at once');
    const keys = t.neonKeysOf(id);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.revoked).toBe(true);
    expect(keys[0]?.projectId).toBe(otherName && t.project(otherName).id);
    expect(await t.keySecretRow(id)).toBeUndefined();
    await eventually(() =>
      h.slack
        .messages(h.slack.dmChannelOf(person.id) ?? '-')
        .some((m) => visibleText(m).includes(id) && visibleText(m).includes('failed')),
    );
  });

  it('a retry after a lost answer revokes the key the first attempt made and delivers a new one', async () => {
    const person = { id: 'URETRY001', name: 'rey', realName: 'Rey', email: 'rey@example.com' };
    h.slack.addUser(person);
    // Neon creates the key but its answer is lost: the bot never sees its secret.
    h.neon.failNext('createOrgApiKey', { lost: true });
    const id = t.requestIdIn(await t.ask(person.id, 'key shop for 1h'));
    const card = await eventually(() => t.cardFor(id));
    await h.driver.blockAction(PEOPLE.admin.id, {
      actionId: 'approve_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    await t.status(id, 'done', 25_000);
    const [orphan, delivered] = t.neonKeysOf(id);
    expect(orphan).toMatchObject({ revoked: true });
    expect(delivered).toMatchObject({ revoked: false });
    expect(t.neonCalls('DELETE', new RegExp(`/api_keys/${orphan!.id}$`))).toHaveLength(1);
    expect((await h.bot.ctx.store.get(id))?.result).toMatchObject({ keyId: delivered!.id });
    expect(JSON.stringify((await t.reveal(person.id, person.id, id)).modal)).toContain(delivered!.token);
  }, 40_000);

  it('no key secret is in any Slack call but its one reveal, any log line, or any database row', async () => {
    const issued = h.neon.apiKeys().filter((k) => /^neon-access-bot R-/.test(k.name));
    expect(issued.length).toBeGreaterThanOrEqual(6);
    const logs = h.logs.text();
    const rows = await everyRowAsText(h);
    // The scan is not empty: it saw the requests and the sealed values.
    expect(rows).toContain(issued[0]!.name.split(' ')[1]!);
    for (const key of issued) {
      const carrying = h.slack
        .calls()
        .filter((c) => JSON.stringify({ args: c.args, response: c.response }).includes(key.token));
      expect(carrying.length, `Slack calls carrying key ${key.id}`).toBeLessThanOrEqual(1);
      for (const call of carrying) {
        expect(call.method).toBe('views.open');
        expect((call.args.view as Json).callback_id).toBe('key_reveal');
      }
      expect(logs.includes(key.token), `key ${key.id} in the logs`).toBe(false);
      expect(rows.includes(key.token), `key ${key.id} in the database`).toBe(false);
    }
    expect(t.revealModals().length).toBeGreaterThanOrEqual(2);
  });
});

describe('the ends of a key: expiry and the hold time', () => {
  const h = useHarness({ env: { KEY_DEFAULT_DURATION: '2s', KEY_SECRET_HOLD: '6s' } });
  const t = helpers(h);

  it('a key is revoked at its expiry; the card, the requester and the audit channel are told', async () => {
    const id = t.requestIdIn(await t.ask(PEOPLE.member.id, 'key shop'));
    await t.approve(id);
    const [issued] = t.neonKeysOf(id);
    const row = await t.status(id, 'revoked', 20_000);
    expect(row.result).toMatchObject({ revokedFor: 'expiry' });
    expect(t.neonCalls('DELETE', new RegExp(`/api_keys/${issued!.id}$`))).toEqual([
      expect.objectContaining({ authorization: h.adminKey, status: 200 }),
    ]);
    expect(t.neonKeysOf(id)[0]?.revoked).toBe(true);
    await eventually(
      () => visibleText(h.slack.message(CHANNELS.approvals, t.cardFor(id)!.ts)!).includes('at its expiry'),
      5_000,
      'the card',
    );
    await eventually(
      () => t.auditLines().some((l) => l.includes(id) && l.includes('at its expiry')),
      5_000,
      'the audit line',
    );
    await eventually(() =>
      h.slack
        .messages(h.slack.dmChannelOf(PEOPLE.member.id) ?? '-')
        .some((m) => visibleText(m).includes(id) && visibleText(m).includes('at its expiry')),
    );
  }, 40_000);

  it('a secret never revealed is deleted after KEY_SECRET_HOLD, and its key revoked', async () => {
    const id = t.requestIdIn(await t.ask(PEOPLE.teammate.id, 'key billing-api for 8h'));
    await t.approve(id);
    expect((await t.keySecretRow(id))?.sealed).toEqual(expect.any(String));
    const row = await t.status(id, 'revoked', 20_000);
    expect(row.result).toMatchObject({ revokedFor: 'unrevealed' });
    expect(await t.keySecretRow(id)).toMatchObject({ sealed: null, revealed_at: null });
    expect(t.neonKeysOf(id)[0]?.revoked).toBe(true);
    const late = await t.reveal(PEOPLE.teammate.id, PEOPLE.teammate.id, id);
    expect(late.reply).toContain('not revealed in time');
    expect(t.revealModals()).toHaveLength(0);
  }, 40_000);
});

describe('without BOT_ENCRYPTION_KEY', () => {
  const h = useHarness({ env: { BOT_ENCRYPTION_KEY: undefined } });
  const t = helpers(h);

  it.each(['key', 'key shop for 8h'])('`/neon %s` says an operator must set it, and opens nothing', async (text) => {
    expect(await t.ask(PEOPLE.member.id, text)).toContain('BOT_ENCRYPTION_KEY');
    expect(h.slack.calls('views.open')).toHaveLength(0);
    expect(h.neon.requests.filter((r) => r.path === '/projects')).toHaveLength(0);
  });
});
