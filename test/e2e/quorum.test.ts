import { beforeAll, describe, expect, it } from 'vitest';
import { makeDue } from '../../sandbox/job-clock.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import { verifyHistory } from '../../src/audit/verify.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { homeTab } from '../support/home-tab.ts';
import { withPolicyFile } from '../support/policy-file.ts';
import { eventsOf } from '../support/request-events.ts';

/** A third approver, so a quorum of two leaves someone to click after it is reached. */
const CY = { id: 'UAPPROVE3', name: 'cy', realName: 'Cy Third', email: 'cy@example.com' };
/** Its key requests need two approvals, and an auto-approval rule would approve them alone. */
const QUORUM_PROJECT = 'quorum-prod-1';

const POLICY = `
approvals:
  - { kinds: [role], roles: [admin], count: 2 }
  - { kinds: [key], projects: [${QUORUM_PROJECT}], count: 2 }
autoApprove:
  - name: prod-keys
    kinds: [key]
    projects: [${QUORUM_PROJECT}]
    quota: { requests: 5, per: 1d }
breakGlass: { enabled: true, minReasonLength: 10 }
`;

/** A harness whose POLICY_FILE holds `policy`, with Cy as a third approver. */
const withPolicy = (policy: string) =>
  withPolicyFile(policy, { APPROVER_SLACK_IDS: `${PEOPLE.admin.id},${PEOPLE.admin2.id},${CY.id}` });

describe('a request that needs two approvals', () => {
  const h = useHarness(withPolicy(POLICY));
  const talk = conversation(h);
  beforeAll(() => {
    h.slack.addUser(CY);
    h.neon.addProject({ name: 'quorum-prod', id: QUORUM_PROJECT });
  });

  const patchesOf = (memberId: string) =>
    h.neon.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/members/${memberId}`));
  const cardText = async (id: string) => visibleText(h.slack.message(CHANNELS.approvals, (await talk.card(id)).ts)!);

  it('waits after the first approval ("1 of 2 approvals: @Ada"), counts each approver once, runs on the second', async () => {
    const { user, member } = newPerson(h, 'UQUORUM01', 'quin', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h on-call lead this week'));
    const card = await talk.card(id);
    const asked = await talk.cardSaying(card, 'Needs 2 approvals');
    expect(asked).toContain('MFA on');

    await talk.approve(PEOPLE.admin.id, card);
    const partial = await talk.cardSaying(card, '1 of 2 approvals');
    expect(partial).toContain(`1 of 2 approvals: <@${PEOPLE.admin.id}>`);
    expect(partial).toContain('Approve'); // the buttons stay for the second approver
    expect(await h.bot.ctx.store.get(id)).toMatchObject({ status: 'pending', approvedBy: [PEOPLE.admin.id] });
    await talk.auditLine(id, '(1 of 2 approvals)');

    // A second click by the same approver counts nothing and says where the count stands.
    expect(await talk.clickAndHear(PEOPLE.admin.id, 'approve_request', card)).toContain(
      `You already approved \`${id}\`: 1 of 2 approvals so far`,
    );
    // Half-way to expiry (made due now): reminded, with the count, are those who have not approved.
    await makeDue(h.db.pool, 'remind-approvers', id);
    const reminders = (userId: string) =>
      h.slack
        .messages(h.slack.dmChannelOf(userId) ?? '-')
        .filter((m) => visibleText(m).includes(id) && visibleText(m).includes('still waits'));
    await eventually(
      () => reminders(PEOPLE.admin2.id).length === 1 && reminders(CY.id).length === 1,
      20_000,
      'the reminders',
    );
    expect(visibleText(reminders(CY.id)[0]!)).toContain('1 of 2 approvals');
    expect(reminders(PEOPLE.admin.id)).toHaveLength(0);
    // Someone who is no approver counts nothing either.
    expect(await talk.clickAndHear(user.id, 'approve_request', card)).toContain('Only approvers');
    expect(patchesOf(member!.id)).toHaveLength(0);

    await talk.approve(PEOPLE.admin2.id, card);
    const row = await talk.status(id, 'done', 20_000);
    // The approval that completes the quorum decides: its approver's key acts (Bob has none: the fallback).
    expect(row).toMatchObject({
      decidedBy: PEOPLE.admin2.id,
      approvedBy: [PEOPLE.admin.id, PEOPLE.admin2.id],
      executedWith: 'fallback',
    });
    expect(patchesOf(member!.id)).toHaveLength(1);
    const done = await talk.cardSaying(card, 'Done');
    expect(done).toContain(`2 of 2 approvals: <@${PEOPLE.admin.id}>, <@${PEOPLE.admin2.id}>`);
    await talk.auditLine(id, '(2 of 2 approvals)');

    const events = await eventsOf(h.db.pool, id);
    expect(events.map((e) => [e.event, e.fromStatus, e.toStatus, e.actorId])).toEqual([
      ['create', null, 'pending', user.id],
      ['endorse', 'pending', 'pending', PEOPLE.admin.id],
      ['approve', 'pending', 'approved', PEOPLE.admin2.id],
      ['start', 'approved', 'executing', 'system'],
      ['succeed', 'executing', 'done', 'system'],
    ]);
    expect(events[1]!.detail).toEqual({ approvals: 1, needed: 2 });
    expect(events[2]!.detail).toEqual({ approvals: 2, needed: 2 });
  });

  it('the requester and the target never count: their Approve asks for break-glass, and nothing is counted', async () => {
    const cy = h.neon.addMember(h.neon.addUser({ email: CY.email, name: 'Cy' }).id, 'member');
    const id = requestIdIn(await talk.ask(PEOPLE.teammate.id, `role admin for 1h <@${CY.id}> covering for Ada`));
    const card = await talk.card(id);
    // Tom asked (no approver), Cy is the target (an approver): neither click counts.
    expect(await talk.clickAndHear(PEOPLE.teammate.id, 'approve_request', card)).toContain('Only approvers');
    await talk.approve(CY.id, card);
    await eventually(() => h.slack.views(CY.id).find((v) => v.callback_id === 'break_glass'), 5_000, 'the form');
    expect(await h.bot.ctx.store.get(id)).toMatchObject({ status: 'pending', approvedBy: [] });

    await talk.approve(PEOPLE.admin.id, card);
    await talk.cardSaying(card, '1 of 2 approvals');
    await talk.approve(PEOPLE.admin2.id, card);
    expect(await talk.status(id, 'done', 20_000)).toMatchObject({
      approvedBy: [PEOPLE.admin.id, PEOPLE.admin2.id],
    });
    expect(patchesOf(cy.id)).toHaveLength(1);
  });

  it('one Deny after an approval ends it: no Neon call', async () => {
    const { user, member } = newPerson(h, 'UQUORUM02', 'quil', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h need to manage billing'));
    const card = await talk.card(id);
    await talk.approve(PEOPLE.admin.id, card);
    await talk.cardSaying(card, '1 of 2 approvals');

    await h.driver.blockAction(PEOPLE.admin2.id, {
      actionId: 'deny_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    const modal = await eventually(() =>
      h.slack.views(PEOPLE.admin2.id).findLast((v) => v.callback_id === 'deny_reason'),
    );
    await h.driver.viewSubmission(PEOPLE.admin2.id, modal, {
      note: { note_input: { type: 'plain_text_input', value: 'not without a ticket' } },
    });
    const row = await talk.status(id, 'denied');
    expect(row).toMatchObject({ decidedBy: PEOPLE.admin2.id, approvedBy: [PEOPLE.admin.id] });
    expect(await talk.cardSaying(card, 'Denied')).toContain('not without a ticket');

    expect(patchesOf(member!.id)).toHaveLength(0);
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create', 'endorse', 'deny']);
  });

  it('no auto-approval when two are needed; break-glass counts as one approval and never completes it alone', async () => {
    const reply = await talk.ask(PEOPLE.admin.id, `key ${QUORUM_PROJECT} for 1h prod incident`);
    expect(reply).toContain('It needs the approval of 2 different approvers');
    expect(reply).not.toContain('automatically');
    const id = requestIdIn(reply);
    const card = await talk.card(id);

    await talk.approve(PEOPLE.admin.id, card);
    const modal = await eventually(
      () => h.slack.views(PEOPLE.admin.id).findLast((v) => v.callback_id === 'break_glass'),
      5_000,
      'the break-glass form',
    );
    const why = 'prod is down and the pager is loud';
    await h.driver.viewSubmission(PEOPLE.admin.id, modal, {
      break_glass_reason: { break_glass_reason_input: { type: 'plain_text_input', value: why } },
    });
    const partial = await talk.cardSaying(card, '1 of 2 approvals');
    expect(partial).toContain(`<@${PEOPLE.admin.id}> (break-glass)`);
    expect(await h.bot.ctx.store.get(id)).toMatchObject({ status: 'pending', approvedBy: [PEOPLE.admin.id] });
    expect(await talk.auditLine(id, 'BREAK-GLASS')).toContain('(1 of 2 approvals)');
    expect(await talk.dm(PEOPLE.admin2.id, id, 'Break-glass')).toContain('one of the 2 approvals');
    // A second Approve by the same requester opens no form: break-glass already counts.
    expect(await talk.clickAndHear(PEOPLE.admin.id, 'approve_request', card)).toContain('You already approved');

    await talk.approve(PEOPLE.admin2.id, card);
    expect(await talk.status(id, 'done', 20_000)).toMatchObject({
      decidedBy: PEOPLE.admin2.id,
      approvedBy: [PEOPLE.admin.id, PEOPLE.admin2.id],
    });
    const events = await eventsOf(h.db.pool, id);
    expect(events.filter((e) => e.event === 'approve' && e.actorId === 'system')).toHaveLength(0);
    expect(events.find((e) => e.event === 'endorse')).toMatchObject({
      actorId: PEOPLE.admin.id,
      detail: { breakGlass: true, reason: why, approvals: 1, needed: 2 },
    });
  });

  it('10 concurrent clicks by 3 approvers: one partial approval, one approved transition, one Neon PATCH', async () => {
    const { user, member } = newPerson(h, 'UQUORUM03', 'quinn', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h release manager'));
    const card = await talk.card(id);
    const approvers = [PEOPLE.admin.id, PEOPLE.admin2.id, CY.id];
    const clicks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.driver.blockAction(approvers[i % 3]!, {
          actionId: 'approve_request',
          message: { channel: CHANNELS.approvals, ts: card.ts },
        }),
      ),
    );
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    const row = await talk.status(id, 'done', 20_000);
    expect(row.approvedBy).toHaveLength(2);
    expect(row.decidedBy).toBe(row.approvedBy[1]);
    expect(patchesOf(member!.id)).toHaveLength(1);
    const events = await eventsOf(h.db.pool, id);
    expect(events.map((e) => e.event)).toEqual(['create', 'endorse', 'approve', 'start', 'succeed']);
    // Every other click was told why it changed nothing.
    await eventually(
      () =>
        approvers
          .flatMap((u) => h.slack.ephemerals(u))
          .filter((m) => visibleText(m).includes(id) && /already approved|was already/.test(visibleText(m))).length ===
        8,
      5_000,
      'eight "already" replies',
    );
  });

  it('MFA: refused at the ask when Neon reports it off, with how to turn it on; "MFA unknown" is let through by default', async () => {
    const off = newPerson(h, 'UNOMFA001', 'nomi', 'member');
    h.neon.setMfa(off.user.email!, false);
    const before = await talk.requestCountOf(off.user.id);
    const refused = await talk.ask(off.user.id, 'role admin for 1h on-call');
    expect(refused).toContain('two-factor authentication (MFA) off for nomi@example.com');
    expect(refused).toContain('Account settings');
    expect(await talk.requestCountOf(off.user.id)).toBe(before);
    // Only the roles the policy lists need it: a member role is asked for as before (the card says MFA off).
    h.neon.addMember(h.neon.addUser({ email: 'nadia@example.com', hasMfa: false }).id, 'admin');
    h.slack.addUser({ id: 'UNOMFA002', name: 'nadia', realName: 'Nadia', email: 'nadia@example.com' });
    const down = requestIdIn(await talk.ask('UNOMFA002', 'role member stepping back'));
    expect(await cardText(down)).toContain('MFA off');

    const unknown = newPerson(h, 'UNOMFA003', 'uma', 'member');
    h.neon.setMfa(unknown.user.email!, null);
    const id = requestIdIn(await talk.ask(unknown.user.id, 'role admin for 1h on-call'));
    expect(await cardText(id)).toContain('MFA unknown');
  });

  it('MFA turned off between the ask and the last approval fails the request with the reason, and no PATCH', async () => {
    const { user, member } = newPerson(h, 'UNOMFA004', 'mo', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h on-call'));
    const card = await talk.card(id);
    await talk.approve(PEOPLE.admin.id, card);
    await talk.cardSaying(card, '1 of 2 approvals');
    h.neon.setMfa(user.email!, false);
    await talk.approve(PEOPLE.admin2.id, card);

    const row = await talk.status(id, 'failed', 20_000);
    expect(row.error).toContain('two-factor authentication (MFA) off for mo@example.com');
    expect(row.error).toContain('The role was not changed.');
    expect(patchesOf(member!.id)).toHaveLength(0);
    expect(await talk.cardSaying(card, 'Failed')).toContain('Account settings');
  });

  it('App Home: its Approve counts the same way, and shows where the count stands', async () => {
    const home = homeTab(h, 20_000);
    const { user } = newPerson(h, 'UQUORUM04', 'quincy', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h on-call backup'));
    await home.openHome(PEOPLE.admin.id);
    await home.homeWhen(PEOPLE.admin.id, (t) => t.includes(id) && t.includes('Needs 2 approvals'), `${id} waiting`);
    await home.clickOnHome(PEOPLE.admin.id, 'approve_request', id);
    await home.homeWhen(
      PEOPLE.admin.id,
      (t) => t.includes(`1 of 2 approvals: <@${PEOPLE.admin.id}>`),
      'the count after the first approval',
    );
    expect(await h.bot.ctx.store.get(id)).toMatchObject({ status: 'pending', approvedBy: [PEOPLE.admin.id] });
    // The buttons stay; a second click opens the answer over the Home.
    const again = await home.answerTo(PEOPLE.admin.id, () => home.clickOnHome(PEOPLE.admin.id, 'approve_request', id));
    expect(again).toContain('1 of 2 approvals so far');

    await home.openHome(PEOPLE.admin2.id);
    await home.clickOnHome(PEOPLE.admin2.id, 'approve_request', id);
    expect(await talk.status(id, 'done', 20_000)).toMatchObject({ decidedBy: PEOPLE.admin2.id });
  });

  it('audit verify holds over every partial approval', async () => {
    const verified = await verifyHistory(h.db.pool);
    expect(verified).toMatchObject({ ok: true });
  });
});

describe('requireMfa.unknown: refuse', () => {
  const h = useHarness(withPolicy('requireMfa: { roles: [admin], unknown: refuse }\n'));
  const talk = conversation(h);

  it('refuses the admin role when Neon does not report MFA', async () => {
    const { user } = newPerson(h, 'UNOMFA005', 'una', 'member');
    h.neon.setMfa(user.email!, null);
    const reply = await talk.ask(user.id, 'role admin for 1h on-call');
    expect(reply).toContain('does not report whether una@example.com has two-factor authentication (MFA) on');
    expect(await talk.requestCountOf(user.id)).toBe(0);
  });
});
