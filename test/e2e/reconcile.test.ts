import { beforeAll, describe, expect, it } from 'vitest';
import { messageProblems } from '../../sandbox/slack/block-limits.ts';
import type { FakeMessage, Json } from '../../sandbox/slack/index.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import { issuedKeyOf, keyNameFor } from '../../src/domain/issued-key.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';

const DAY = 86_400_000;
/** A key named as the bot names its keys, for a request the bot never made. */
const STRAY_KEY_NAME = keyNameFor('R-ZZZZ2345');

const h = useHarness({ env: { RECONCILE_CRON: '0 6 * * *' } });
const talk = conversation(h);
/** The seeded drift, one of each kind. */
const seeded = {
  strayKeyId: 0,
  goneKeyRequest: '',
  goneKeyId: 0,
  tempRoleRequest: '',
  ivanMemberId: '',
  tiaMemberId: '',
};

beforeAll(async () => {
  const shop = h.neon.projects().find((p) => p.name === 'shop')!;

  // An admin the bot never granted (made in the Neon console).
  seeded.ivanMemberId = newPerson(h, 'UIVANADM1', 'ivan', 'admin').member!.id;
  // A key named by the bot that it has no record of.
  h.neon.addOrgApiKey({ name: STRAY_KEY_NAME, projectId: shop.id });
  seeded.strayKeyId = h.neon.apiKeys().find((k) => k.name === STRAY_KEY_NAME)!.id;
  // An invitation older than RECONCILE_INVITE_MAX_AGE (14d by default).
  h.neon.addInvitation({ email: 'olga@example.com', invitedAt: new Date(Date.now() - 30 * DAY).toISOString() });
  // A member whose Slack account was deactivated since.
  const { user: gil } = newPerson(h, 'UGILGONE1', 'gil', 'member');
  h.slack.addUser({ ...gil, deleted: true });

  // A project key the bot issued, revoked behind its back in the Neon console.
  seeded.goneKeyRequest = requestIdIn(await talk.ask(PEOPLE.member.id, 'key shop for 1h debugging'));
  await talk.approve(PEOPLE.admin.id, await talk.card(seeded.goneKeyRequest));
  const issued = issuedKeyOf((await talk.status(seeded.goneKeyRequest, 'done', 15_000)).result)!;
  seeded.goneKeyId = issued.keyId;
  h.neon.revokeKey(h.neon.apiKeys().find((k) => k.id === issued.keyId)!.token);

  // A temporary role whose end never came: its end-grant job was lost, and its end has passed.
  const tia = newPerson(h, 'UTIATEMP1', 'tia', 'member');
  seeded.tiaMemberId = tia.member!.id;
  seeded.tempRoleRequest = requestIdIn(await talk.ask(tia.user.id, 'role admin for 1h on call'));
  await talk.approve(PEOPLE.admin.id, await talk.card(seeded.tempRoleRequest));
  await talk.status(seeded.tempRoleRequest, 'done', 15_000);
  await h.db.pool.query(`UPDATE requests SET grant_expires_at = now() - interval '3 hours' WHERE id = $1`, [
    seeded.tempRoleRequest,
  ]);
  await h.db.pool.query(`DELETE FROM pgboss.job WHERE name = 'end-grant' AND data->>'requestId' = $1`, [
    seeded.tempRoleRequest,
  ]);
}, 90_000);

/** Summaries of the runs approvers asked for (the daily one could fire during a run at 06:00 UTC). */
const summaries = () =>
  h.slack
    .messages(CHANNELS.audit)
    .filter((m) => (m.text ?? '').startsWith('Reconciliation') && visibleText(m).includes('Run by'));
const mutations = (from: number) => h.neon.requests.slice(from).filter((r) => r.method !== 'GET');
const roleOf = (memberId: string) => h.neon.members().find((m) => m.id === memberId)?.role;

/** The replies in a summary's thread: its findings. */
const threadOf = (summary: FakeMessage) => h.slack.messages(CHANNELS.audit).filter((m) => m.thread_ts === summary.ts);
/** What a run showed: its summary and every finding in the thread. */
const shownBy = (summary: FakeMessage) => [summary, ...threadOf(summary)].map((m) => visibleText(m)).join('\n');

/** The thread reply holding the finding whose line mentions `text`, and that finding's button. */
function buttonFor(summary: FakeMessage, text: string): { actionId: string; reply: FakeMessage } {
  for (const reply of threadOf(summary)) {
    const block = (reply.blocks ?? []).find((b) => JSON.stringify((b as Json).text ?? '').includes(text)) as
      | Json
      | undefined;
    const actionId = (block?.accessory as Json | undefined)?.action_id;
    if (typeof actionId === 'string') return { actionId, reply };
  }
  throw new Error(`no finding mentioning ${text}`);
}

/** Clicks a finding's button and waits for the answer only the clicker sees. */
async function clickAndHear(userId: string, summary: FakeMessage, text: string): Promise<string> {
  const before = h.slack.ephemerals(userId).length;
  const { actionId, reply } = buttonFor(summary, text);
  const res = await h.driver.blockAction(userId, { actionId, message: { channel: CHANNELS.audit, ts: reply.ts } });
  expect(res.status).toBe(200);
  return eventually(
    () => {
      const mine = h.slack.ephemerals(userId);
      return mine.length > before ? visibleText(mine.at(-1)!) : undefined;
    },
    10_000,
    `an answer to ${userId}'s click`,
  );
}

describe('reconciliation, end to end through the real app on a seeded emulator', () => {
  it('runs daily on a cron kept by pg-boss', async () => {
    const { rows } = await h.db.pool.query<{ cron: string }>(
      `SELECT cron FROM pgboss.schedule WHERE name = 'reconcile'`,
    );
    expect(rows).toEqual([{ cron: '0 6 * * *' }]);
  });

  it('is for approvers only', async () => {
    const neonBefore = h.neon.requests.length;
    expect(await talk.ask(PEOPLE.member.id, 'admin reconcile')).toContain('Only approvers can run a reconciliation');
    const { rows } = await h.db.pool.query(`SELECT 1 FROM pgboss.job WHERE name = 'reconcile' AND data->>'by' = $1`, [
      PEOPLE.member.id,
    ]);
    expect(rows).toEqual([]);
    expect(h.neon.requests.length).toBe(neonBefore);
  });

  it('an approver runs it: one summary in the audit channel lists each drift, and Neon is only read', async () => {
    const neonBefore = h.neon.requests.length;
    const listsBefore = h.slack.calls('users.list').length;
    const reply = await talk.ask(PEOPLE.admin.id, 'admin reconcile');
    expect(reply).toContain('Reconciliation is running');
    expect(reply).toContain('the audit channel');

    const summary = await eventually(() => summaries()[0], 20_000, 'the reconciliation summary');
    expect(visibleText(summary)).toMatch(/\d+ findings/);
    const text = await eventually(
      () => (threadOf(summary).length > 0 ? shownBy(summary) : undefined),
      20_000,
      'the findings in its thread',
    );
    expect(text).toContain('Run by <@UADMIN001>');
    expect(text).toMatch(/Admin the bot did not grant:\* ivan@example\.com/);
    expect(text).toContain(
      `Key named by the bot, with no record of it:* \`${seeded.strayKeyId}\` \`${STRAY_KEY_NAME}\``,
    );
    expect(text).toContain(`Key the bot issued is gone from Neon:* \`${seeded.goneKeyId}\``);
    expect(text).toContain(`\`${seeded.goneKeyRequest}\``);
    expect(text).toMatch(/Invitation pending for 30 days:\* olga@example\.com/);
    expect(text).toContain(`Temporary role past its end:* \`${seeded.tempRoleRequest}\` gave <@UTIATEMP1>`);
    expect(text).toContain('Deactivated in Slack, still in Neon:* gil@example.com');
    // tia's admin role is the bot's own grant, tom is a plain member: neither is an unexplained admin.
    expect(text).not.toMatch(/did not grant:\* (tia|tom)@/);
    expect(text).toContain('Slack accounts checked for all');

    expect(mutations(neonBefore)).toEqual([]);
    const read = new Set(h.neon.requests.slice(neonBefore).map((r) => r.operationId));
    expect(read).toEqual(new Set(['getOrganizationMembers', 'listOrgApiKeys', 'getOrganizationInvitations']));
    expect(h.slack.calls('users.list').length - listsBefore).toBe(1);
    expect(summaries()).toHaveLength(1);
  });

  it('only approvers may use a finding’s button', async () => {
    const neonBefore = h.neon.requests.length;
    const requests = await talk.requestCountOf(PEOPLE.teammate.id);
    const answer = await clickAndHear(PEOPLE.teammate.id, summaries()[0]!, 'ivan@example.com');
    expect(answer).toContain('Only approvers can act on reconciliation findings');
    expect(await talk.requestCountOf(PEOPLE.teammate.id)).toBe(requests);
    expect(h.neon.requests.length).toBe(neonBefore);
  });

  it('"Ask to make member" creates an ordinary pending request; Neon changes only once another approver approves', async () => {
    const neonBefore = h.neon.requests.length;
    const answer = await clickAndHear(PEOPLE.admin2.id, summaries()[0]!, 'ivan@example.com');
    expect(answer).toContain('created: the *member* role for <@UIVANADM1>');
    const id = requestIdIn(answer);
    const card = await talk.card(id);
    expect(await talk.cardSaying(card, 'Approve')).toContain('ivan@example.com');
    const pending = await talk.status(id, 'pending');
    expect(pending).toMatchObject({
      kind: 'role',
      requesterId: PEOPLE.admin2.id,
      targetUserId: 'UIVANADM1',
      role: 'member',
    });
    expect(mutations(neonBefore)).toEqual([]);
    expect(roleOf(seeded.ivanMemberId)).toBe('admin');

    await talk.approve(PEOPLE.admin.id, card);
    await talk.status(id, 'done', 15_000);
    expect(roleOf(seeded.ivanMemberId)).toBe('member');
  });

  it('a finding no request covers opens the manual step, filled in, and changes nothing', async () => {
    const neonBefore = h.neon.requests.length;
    const opened = h.slack.calls('views.open').length;
    const { actionId, reply } = buttonFor(summaries()[0]!, STRAY_KEY_NAME);
    await h.driver.blockAction(PEOPLE.admin.id, { actionId, message: { channel: CHANNELS.audit, ts: reply.ts } });
    const modal = await eventually(() => h.slack.calls('views.open')[opened], 10_000, 'the manual step modal');
    const shown = JSON.stringify((modal.args.view as Json).blocks);
    expect(shown).toContain(`/organizations/${h.neon.orgId}/api_keys/${seeded.strayKeyId}`);
    expect(h.neon.apiKeys().find((k) => k.id === seeded.strayKeyId)?.revoked).toBe(false);
    expect(h.neon.requests.length).toBe(neonBefore);
  });

  it('"Ask to remove" on a member deactivated in Slack creates a removal request; nothing changes in Neon before another approver approves with their own key', async () => {
    const neonBefore = h.neon.requests.length;
    const answer = await clickAndHear(PEOPLE.admin2.id, summaries()[0]!, 'gil@example.com');
    expect(answer).toContain('created: the removal of <@UGILGONE1> (gil@example.com) from the Neon organization');
    const id = requestIdIn(answer);
    expect(await talk.status(id, 'pending')).toMatchObject({
      kind: 'remove',
      requesterId: PEOPLE.admin2.id,
      targetUserId: 'UGILGONE1',
      targetEmail: 'gil@example.com',
    });
    const card = await talk.card(id);
    expect(await talk.cardSaying(card, 'Approve')).toContain('deactivated');

    // Ada approves, but has connected no key of her own: it waits, and Neon is not asked to remove anyone.
    await talk.approve(PEOPLE.admin.id, card);
    await talk.cardSaying(card, "a removal runs only with the approving admin's own Neon key");
    expect(mutations(neonBefore)).toEqual([]);
    expect(h.neon.members().some((m) => m.email === 'gil@example.com')).toBe(true);
  });

  it('"Restore now" on a temporary role past its end runs its end again: the previous role comes back', async () => {
    const answer = await clickAndHear(PEOPLE.admin2.id, summaries()[0]!, seeded.tempRoleRequest);
    expect(answer).toContain(`restores the previous role of \`${seeded.tempRoleRequest}\``);
    const ended = await talk.status(seeded.tempRoleRequest, 'reverted', 20_000);
    expect(ended.result).toMatchObject({ ended: 'restored', previousRole: 'member' });
    expect(roleOf(seeded.tiaMemberId)).toBe('member');
    await talk.auditLine(seeded.tempRoleRequest, 'asked the bot to restore the previous role now');
  });

  it('"Close the record" on a key gone from Neon marks it revoked and tells its owner why', async () => {
    const answer = await clickAndHear(PEOPLE.admin2.id, summaries()[0]!, seeded.goneKeyRequest);
    expect(answer).toContain(`now records key \`${seeded.goneKeyId}\` as revoked`);
    const closed = await talk.status(seeded.goneKeyRequest, 'revoked');
    expect(closed.result).toMatchObject({ revokedFor: 'missing' });
    await talk.dm(PEOPLE.member.id, seeded.goneKeyRequest, 'outside the bot');
  });

  it('the scheduled run reads with the shared key and posts the same summary', async () => {
    const before = h.slack.messages(CHANNELS.audit).length;
    const neonBefore = h.neon.requests.length;
    await h.bot.ctx.jobs.send('reconcile', { requestId: '' }); // what pg-boss's cron sends
    const summary = await eventually(
      () =>
        h.slack
          .messages(CHANNELS.audit)
          .slice(before)
          .find((m) => (m.text ?? '').startsWith('Reconciliation')),
      20_000,
      'the scheduled summary',
    );
    expect(visibleText(summary)).toContain('Scheduled run');
    expect(visibleText(summary)).toContain('with the shared fallback Neon key');
    expect(h.neon.requests.slice(neonBefore).every((r) => r.authorization === h.adminKey && r.method === 'GET')).toBe(
      true,
    );
  });

  it('a second run sees what was settled: no more role, key record or admin findings for them', async () => {
    const before = summaries().length;
    await talk.ask(PEOPLE.admin2.id, 'admin reconcile');
    const summary = await eventually(() => summaries()[before], 20_000, 'the second summary');
    const text = await eventually(
      () => (threadOf(summary).length > 0 ? shownBy(summary) : undefined),
      20_000,
      'the findings in its thread',
    );
    expect(text).toContain('Run by <@UADMIN002>');
    expect(text).not.toContain('ivan@example.com');
    expect(text).not.toContain(seeded.tempRoleRequest);
    expect(text).not.toContain(seeded.goneKeyRequest);
    expect(text).toContain(STRAY_KEY_NAME);
  });
});

describe('reconciliation at org scale', () => {
  const ORG = 5_000;
  /** Spread through the listing, so they fall on different pages of users.list. */
  const GONE = [3, 999, 1_000, 2_468, 3_001, 4_200, 4_999];
  const emailOf = (i: number) => `scale${i}@example.com`;

  it('a run over 5,000 members reports every deactivated one, with a handful of Slack calls, each message within limits', async () => {
    for (let i = 0; i < ORG; i += 1) {
      h.neon.addMember(h.neon.addUser({ email: emailOf(i) }).id, 'member');
      h.slack.addUser({ id: `USCALE${String(i).padStart(4, '0')}`, email: emailOf(i), deleted: GONE.includes(i) });
    }
    // The seeding held the event loop for seconds: let the idle-connection timers that expired
    // meanwhile run first, or the command may go out on a keep-alive socket the bot is closing.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const slackUsers = h.slack.calls('users.list').length;
    const lookups = h.slack.calls('users.lookupByEmail').length;
    const before = summaries().length;
    const postsBefore = h.slack.calls('chat.postMessage').length;

    await talk.ask(PEOPLE.admin.id, 'admin reconcile');
    const summary = await eventually(() => summaries()[before], 60_000, 'the summary of the large run');
    const summaryText = visibleText(summary);
    expect(summaryText).toMatch(/read with .*: 50\d\d members/);
    expect(summaryText).toContain('Slack accounts checked for all');
    const reported = await eventually(
      () => {
        const text = shownBy(summary);
        const found = GONE.filter((i) => text.includes(`Deactivated in Slack, still in Neon:* ${emailOf(i)}`));
        return found.length === GONE.length ? found : undefined;
      },
      30_000,
      'every deactivated member in the thread',
    );
    expect(reported).toEqual(GONE);

    // One users.list page per 1,000 Slack users (5,000 and the few seeded before), no look-up per member.
    const pages = h.slack.calls('users.list').slice(slackUsers);
    expect(pages).toHaveLength(6);
    expect(pages.every((c) => c.args.limit === '1000')).toBe(true);
    expect(h.slack.calls('users.lookupByEmail').length).toBe(lookups);

    const posted = h.slack.calls('chat.postMessage').slice(postsBefore);
    expect(posted.length).toBeGreaterThan(1);
    for (const call of posted) expect(messageProblems(call.args)).toEqual([]);
  }, 120_000);
});
