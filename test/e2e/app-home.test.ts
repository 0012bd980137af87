import { describe, expect, it } from 'vitest';
import { visibleText } from '../../sandbox/slack/index.ts';
import type { PROJECT_NAMES } from '../../sandbox/stage.ts';
import { keyNameFor } from '../../src/domain/issued-key.ts';
import { fromStatuses } from '../../src/domain/request.ts';
import { eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { homeTab } from '../support/home-tab.ts';

/** The characters of request ids, for requests stored directly. */
const ID_CHARS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Anything that goes through a job gets a generous deadline: several engineers' tests share 2 cores. */
const JOB_MS = 20_000;

const h = useHarness();
const talk = conversation(h);

const projectId = (name: (typeof PROJECT_NAMES)[number]) => h.neon.projects().find((p) => p.name === name)!.id;
const { publishesTo, homeOf, homeText, openHome, homeWhen, homeButton, clickOnHome, staleClickOnHome, answerTo } =
  homeTab(h, JOB_MS);

/** The part of a Home's text from one heading to the next. */
function part(text: string, from: string, to?: string): string {
  const start = text.indexOf(from);
  if (start < 0) return '';
  const end = to ? text.indexOf(to, start) : -1;
  return text.slice(start, end < 0 ? undefined : end);
}

/** What an approver may decide, oldest first: every pending request but their own and role changes for them. */
async function waitingFor(approverId: string): Promise<string[]> {
  const { rows } = await h.db.pool.query<{ id: string }>(
    `SELECT id FROM requests WHERE status = 'pending' AND requester_id <> $1 AND target_user_id IS DISTINCT FROM $1 ORDER BY created_at, id`,
    [approverId],
  );
  return rows.map((r) => r.id);
}

async function syncHomeJobsDone(requestId: string): Promise<boolean> {
  const { rows } = await h.db.pool.query<{ state: string }>(
    `SELECT state FROM pgboss.job WHERE name = 'sync-home' AND data->>'requestId' = $1`,
    [requestId],
  );
  return rows.length > 0 && rows.every((r) => r.state === 'completed');
}

describe('App Home, end to end through the real app', () => {
  it("a member's Home: their requests with state, a live key and a temporary role with their ends; Cancel and Revoke work", async () => {
    const { user } = newPerson(h, 'UHOMEMEM1', 'hana', 'member');
    const keyId = requestIdIn(await talk.ask(user.id, `key ${projectId('shop')} for 8h reading the orders`));
    await talk.approve(PEOPLE.admin.id, await talk.card(keyId));
    const key = await talk.status(keyId, 'done', JOB_MS);
    const roleId = requestIdIn(await talk.ask(user.id, 'role admin for 2h on call tonight'));
    await talk.approve(PEOPLE.admin.id, await talk.card(roleId));
    const role = await talk.status(roleId, 'done', JOB_MS);
    const waitingId = requestIdIn(await talk.ask(user.id, `key ${projectId('billing-web')} for 1h`));

    const home = await openHome(user.id);
    expect(home).not.toContain('Waiting for your decision'); // not an approver
    const held = part(home, 'What you hold now', 'Your latest requests');
    const [issued] = h.neon.apiKeys().filter((k) => k.name === keyNameFor(keyId));
    const unix = (d: Date) => Math.floor(d.getTime() / 1000);
    expect(held).toMatch(
      new RegExp(
        `key \`${issued!.id}\` for project \`${projectId('shop')}\`, until <!date\\^${unix(key.grantExpiresAt!)}\\^`,
      ),
    );
    expect(held).toMatch(
      new RegExp(
        `the \\*admin\\* role until <!date\\^${unix(role.grantExpiresAt!)}\\^[^>]*>, then back to \\*member\\*`,
      ),
    );
    const asked = part(home, 'Your latest requests');
    const line = (id: string) => asked.split('\n').find((l) => l.includes(id)) ?? '';
    expect(line(waitingId)).toContain('*waiting for a decision*');
    expect(line(keyId)).toContain('*done*');
    expect(line(roleId)).toContain('*done*');
    expect(asked.indexOf(waitingId)).toBeLessThan(asked.indexOf(keyId)); // newest first
    // Cancel only on the pending request; Revoke only on the key (a temporary role ends on its own).
    expect(homeButton(user.id, 'cancel_request', waitingId)).toBeDefined();
    expect(homeButton(user.id, 'cancel_request', keyId)).toBeUndefined();
    expect(homeButton(user.id, 'revoke_key', String(issued!.id))).toBeDefined();
    expect(JSON.stringify(homeOf(user.id)!.blocks)).not.toContain('"action_id":"approve_request"');

    // Cancel from the Home: withdrawn, and the Home shows it without being reopened.
    const opened = h.slack.calls('views.open').length;
    await clickOnHome(user.id, 'cancel_request', waitingId);
    await talk.status(waitingId, 'cancelled', JOB_MS);
    await homeWhen(
      user.id,
      (t) => (t.split('\n').find((l) => l.includes(waitingId)) ?? '').includes('*cancelled*'),
      'the cancelled request',
    );
    expect(homeButton(user.id, 'cancel_request', waitingId)).toBeUndefined();

    // Revoke from the Home: revoked in Neon at once; the key leaves "What you hold now".
    await clickOnHome(user.id, 'revoke_key', String(issued!.id));
    const revoked = await talk.status(keyId, 'revoked', JOB_MS);
    expect(revoked.result).toMatchObject({ revokedFor: 'owner' });
    expect(h.neon.apiKeys().find((k) => k.id === issued!.id)?.revoked).toBe(true);
    const after = await homeWhen(
      user.id,
      (t) => !part(t, 'What you hold now', 'Your latest requests').includes(keyId),
      'the key gone',
    );
    expect(
      part(after, 'Your latest requests')
        .split('\n')
        .find((l) => l.includes(keyId)) ?? '',
    ).toContain('*revoked*');
    expect(part(after, 'What you hold now', 'Your latest requests')).toContain(roleId);
    await talk.dm(user.id, keyId, 'ended');
    // Clicks that worked need no answer: the Home is the answer.
    expect(h.slack.calls('views.open').length).toBe(opened);
  });

  it("an approver's Home: what waits for them, oldest first, with Approve and Deny that work there; a refusal is explained", async () => {
    const asked: string[] = [];
    for (const [id, name] of [
      ['UHOMEWAI1', 'wes'],
      ['UHOMEWAI2', 'wyn'],
    ] as const) {
      const { user } = newPerson(h, id, name, 'member');
      asked.push(requestIdIn(await talk.ask(user.id, 'role admin for 4h <b>urgent</b> & <!channel>')));
    }
    const own = requestIdIn(await talk.ask(PEOPLE.admin.id, `key ${projectId('billing-api')} for 1h`));
    const [first, second] = asked as [string, string];

    const home = await openHome(PEOPLE.admin.id);
    const waiting = part(home, 'Waiting for your decision', 'What you hold now');
    const rows = await waitingFor(PEOPLE.admin.id);
    expect(rows).toEqual(expect.arrayContaining(asked));
    expect(waiting).toContain(`(${rows.length}, oldest first)`);
    const order = rows.map((id) => waiting.indexOf(id));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // User text is inert: escaped, never a ping.
    expect(waiting).toContain('&lt;b&gt;urgent&lt;/b&gt; &amp; &lt;!channel&gt;');
    expect(waiting).not.toContain('<!channel>');
    for (const id of asked) {
      expect(homeButton(PEOPLE.admin.id, 'approve_request', id)).toBeDefined();
      expect(homeButton(PEOPLE.admin.id, 'deny_request', id)).toBeDefined();
    }
    // Their own request waits for another approver: it is not theirs to decide, only to withdraw.
    expect(waiting).not.toContain(own);
    expect(homeButton(PEOPLE.admin.id, 'approve_request', own)).toBeUndefined();
    expect(part(home, 'Your latest requests')).toContain(own);
    expect(homeButton(PEOPLE.admin.id, 'cancel_request', own)).toBeDefined();

    // Approve from the Home: it runs, and the Home no longer lists it as waiting.
    await clickOnHome(PEOPLE.admin.id, 'approve_request', first);
    const approved = await talk.status(first, 'done', JOB_MS);
    expect(approved.decidedBy).toBe(PEOPLE.admin.id);
    await homeWhen(
      PEOPLE.admin.id,
      (t) => !part(t, 'Waiting for your decision', 'What you hold now').includes(first),
      `${first} no longer waiting`,
    );

    // Deny from the Home: the reason modal opens from the Home click; submitting denies.
    await clickOnHome(PEOPLE.admin.id, 'deny_request', second);
    const modal = await eventually(
      () => h.slack.views(PEOPLE.admin.id).find((v) => v.callback_id === 'deny_reason'),
      JOB_MS,
      'the deny modal',
    );
    await h.driver.viewSubmission(PEOPLE.admin.id, modal, {
      note: { note_input: { type: 'plain_text_input', value: 'not this week' } },
    });
    expect((await talk.status(second, 'denied', JOB_MS)).decisionNote).toBe('not this week');
    await homeWhen(
      PEOPLE.admin.id,
      (t) => !part(t, 'Waiting for your decision', 'What you hold now').includes(second),
      `${second} no longer waiting`,
    );

    // A click from a Home that is out of date is answered over the Home: who decided first.
    await openHome(PEOPLE.admin2.id);
    const stale = await answerTo(PEOPLE.admin2.id, () =>
      staleClickOnHome(PEOPLE.admin2.id, 'approve_request', `home-decide:${first}`, first),
    );
    expect(stale).toContain(`was already done by <@${PEOPLE.admin.id}>`);

    // Their own request has no buttons here; a click on it that reaches the bot anyway is refused, and says why.
    for (const action of ['approve_request', 'deny_request']) {
      const refusal = await answerTo(PEOPLE.admin.id, () =>
        staleClickOnHome(PEOPLE.admin.id, action, `home-decide:${own}`, own),
      );
      expect(refusal).toContain('You cannot decide on your own request');
    }
    expect((await h.bot.ctx.store.get(own))?.status).toBe('pending');

    // When the answer cannot open over the Home (the click's trigger lapsed), it comes by DM.
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await staleClickOnHome(PEOPLE.admin.id, 'approve_request', `home-decide:${own}`, own);
    await eventually(
      () =>
        h.slack
          .messages(h.slack.dmChannelOf(PEOPLE.admin.id) ?? '-')
          .some((m) => visibleText(m).includes('You cannot decide on your own request')),
      JOB_MS,
      'the answer by DM',
    );
  });

  it("after a change, the Home of who it concerns is re-published without reopening it; nobody else's, and never one that was never opened", async () => {
    const { user: opener } = newPerson(h, 'UHOMEOPEN', 'ola', 'member');
    const { user: never } = newPerson(h, 'UHOMENEVR', 'ned', 'member');
    await openHome(opener.id);
    // Opening the Messages tab is not opening the Home.
    await h.driver.event({ type: 'app_home_opened', user: never.id, channel: `D${never.id}`, tab: 'messages' });

    const id = requestIdIn(await talk.ask(opener.id, 'role admin for 1h'));
    await homeWhen(opener.id, (t) => t.includes(id) && t.includes('*waiting for a decision*'), 'the new request');
    // An approver who opened their Home sees it arrive.
    await openHome(PEOPLE.admin2.id);
    await homeWhen(
      PEOPLE.admin2.id,
      (t) => part(t, 'Waiting for your decision', 'What you hold now').includes(id),
      `${id} waiting`,
    );
    await talk.approve(PEOPLE.admin2.id, await talk.card(id));
    const done = await talk.status(id, 'done', JOB_MS);
    const held = await homeWhen(
      opener.id,
      (t) => part(t, 'What you hold now', 'Your latest requests').includes(id),
      'the temporary role',
    );
    expect(held).toContain(`until <!date^${Math.floor(done.grantExpiresAt!.getTime() / 1000)}^`);
    await eventually(() => syncHomeJobsDone(id), JOB_MS, `the sync-home jobs of ${id}`);
    const openerPublishes = publishesTo(opener.id).length;

    const theirs = requestIdIn(await talk.ask(never.id, 'role admin for 1h'));
    await homeWhen(
      PEOPLE.admin2.id,
      (t) => part(t, 'Waiting for your decision', 'What you hold now').includes(theirs),
      `${theirs} waiting`,
    );
    await talk.approve(PEOPLE.admin2.id, await talk.card(theirs));
    await talk.status(theirs, 'done', JOB_MS);
    await eventually(() => syncHomeJobsDone(theirs), JOB_MS, `the sync-home jobs of ${theirs}`);
    expect(publishesTo(never.id)).toEqual([]);
    // Someone it does not concern is left alone; the approvers saw it come and go.
    expect(publishesTo(opener.id)).toHaveLength(openerPublishes);
    expect(part(homeText(PEOPLE.admin2.id), 'Waiting for your decision', 'What you hold now')).not.toContain(theirs);
  });

  it("a removal waits on another approver's Home, with its buttons, and shows among the asker's own requests", async () => {
    const { user } = newPerson(h, 'UHOMEREM1', 'rem', 'member');
    const id = requestIdIn(await talk.ask(PEOPLE.admin2.id, `admin remove <@${user.id}> left the team`));
    const waiting = part(await openHome(PEOPLE.admin.id), 'Waiting for your decision', 'What you hold now');
    expect(waiting).toContain(
      `\`${id}\` <@${PEOPLE.admin2.id}> asks for the removal of <@${user.id}> (rem@example.com) from the Neon organization`,
    );
    expect(homeButton(PEOPLE.admin.id, 'approve_request', id)).toBeDefined();
    expect(part(await openHome(PEOPLE.admin2.id), 'Your latest requests')).toContain(`\`${id}\` the removal of`);
  });

  it('Block Kit limits hold with many requests: each list is cut and says how many more', async () => {
    const store = h.bot.ctx.store;
    const { user } = newPerson(h, 'UHOMEMANY', 'max');
    const long = `${'<!channel> & *much* '.repeat(300)}end`;
    // Stored directly (no cards): only the Home reads them.
    for (let i = 0; i < 30; i++) {
      const id = `R-MANY${ID_CHARS[i % ID_CHARS.length]}${ID_CHARS[Math.floor(i / ID_CHARS.length)]}22`;
      const requesterId = `UMANY${String(i).padStart(4, '0')}`;
      const created = await store.create({
        id,
        kind: 'role',
        requesterId,
        role: 'admin',
        durationMs: 3_600_000,
        reason: long,
        dedupeKey: `home-many:${i}`,
      });
      expect(created.ok).toBe(true);
    }
    // Keys issued to one person, stored as the key kind leaves them.
    for (let i = 0; i < 13; i++) {
      const id = `R-KEYS${ID_CHARS[i]}Z22`;
      const created = await store.create({
        id,
        kind: 'key',
        requesterId: user.id,
        projectId: projectId('shop'),
        durationMs: 3_600_000,
        reason: long,
        dedupeKey: `home-keys:${i}`,
      });
      if (!created.ok) throw new Error('could not store a key request');
      const result = {
        keyId: 9000 + i,
        keyName: keyNameFor(id),
        projectId: projectId('shop'),
        revealBy: new Date().toISOString(),
      };
      for (const [event, to] of [
        ['approve', 'approved'],
        ['start', 'executing'],
        ['succeed', 'done'],
      ] as const) {
        const patch = to === 'done' ? { result, grantExpiresAt: new Date(Date.now() + 3_600_000 + i) } : {};
        await store.transition({ id, event, from: fromStatuses(event), to, actorId: 'system', patch });
      }
    }

    const approver = await openHome(PEOPLE.admin2.id);
    const waiting = (await waitingFor(PEOPLE.admin2.id)).length;
    expect(waiting).toBeGreaterThan(20);
    expect(approver).toContain(`Waiting for your decision* (${waiting}, oldest first)`);
    expect(approver).toContain(`…and ${waiting - 20} more.`);
    expect(approver).not.toContain('<!channel>');
    expect(homeOf(PEOPLE.admin2.id)!.blocks.length).toBeLessThanOrEqual(100);

    const holder = await openHome(user.id);
    expect(holder).toContain('…and 3 more. `/neon mine` lists them all.');
    expect(holder).not.toContain('<!channel>');
    expect(homeOf(user.id)!.blocks.length).toBeLessThanOrEqual(100);
  });
});
