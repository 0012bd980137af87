import { afterEach, describe, expect, it } from 'vitest';
import { visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, eventually, useHarness } from '../support/bot-harness.ts';
import { eventsOf } from '../support/request-events.ts';

const h = useHarness();
let n = 0;

afterEach(() => h.neon.reset());

/** A fresh Slack user asks for an invitation; returns the request id and its card. */
async function newInviteRequest() {
  const person = {
    id: `UFAULT${String(++n).padStart(3, '0')}`,
    name: `f${n}`,
    realName: `Fault ${n}`,
    email: `fault${n}@example.com`,
  };
  h.slack.addUser(person);
  await h.driver.command(person.id, 'invite member');
  const card = await eventually(
    () => h.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(person.email)),
    5_000,
    'the card',
  );
  const id = /R-[A-Z0-9]{8}/.exec(visibleText(card))![0];
  return { id, card, person };
}

const invitationsFor = (email: string) => h.neon.invitations().filter((i) => i.email === email);
const postsFor = (email: string) =>
  h.neon.requests.filter((r) => r.method === 'POST' && JSON.stringify(r.body).includes(email));
const statusOf = async (id: string) => (await h.bot.ctx.store.get(id))?.status;

async function approve(card: { ts: string }, approver = 'UADMIN001') {
  const res = await h.driver.blockAction(approver, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  expect(res.status).toBe(200);
}

describe('Neon faults', () => {
  it('503, then 429 with Retry-After: 1, then success: exactly one invitation', async () => {
    const { id, card, person } = await newInviteRequest();
    const invite = { method: 'POST', path: /\/invitations$/ };
    h.neon.failNext(invite, { status: 503 });
    h.neon.failNext(invite, { status: 429, retryAfter: 1 });
    await approve(card);
    await eventually(async () => (await statusOf(id)) === 'done', 10_000, 'done');
    expect(postsFor(person.email).map((r) => r.status)).toEqual([503, 429, 200]);
    expect(invitationsFor(person.email)).toHaveLength(1);
  });

  it('a dropped connection on the POST is retried by the job, which looks first: exactly one invitation', async () => {
    const { id, card, person } = await newInviteRequest();
    h.neon.failNext({ method: 'POST', path: /\/invitations$/ }, { drop: true });
    await approve(card);
    await eventually(async () => (await statusOf(id)) === 'done', 15_000, 'done after the job retried');
    expect(invitationsFor(person.email)).toHaveLength(1);
    const events = (await eventsOf(h.db.pool, id)).map((e) => e.event);
    expect(events).toEqual(['create', 'approve', 'start', 'succeed']);
  });

  it("Neon's refusal fails the request with its message; only an approver's Retry runs it again, once", async () => {
    const { id, card, person } = await newInviteRequest();
    h.neon.failNext({ method: 'POST', path: /\/invitations$/ }, { status: 422 });
    await approve(card);
    await eventually(async () => (await statusOf(id)) === 'failed', 10_000, 'failed');
    const failedCard = await eventually(() => {
      const m = h.slack.message(CHANNELS.approvals, card.ts)!;
      return visibleText(m).includes('Retry') ? m : undefined;
    });
    expect(visibleText(failedCard)).toContain('Failed: Neon refused');
    const dm = await eventually(() =>
      h.slack.messages(h.slack.dmChannelOf(person.id) ?? '-').find((m) => visibleText(m).includes(id)),
    );
    expect(visibleText(dm)).toContain('failed');

    // A non-approver's Retry changes nothing.
    await h.driver.blockAction('UTEAMMATE', {
      actionId: 'retry_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    await eventually(() =>
      h.slack.ephemerals('UTEAMMATE').some((m) => visibleText(m).includes('Only approvers can retry')),
    );
    expect(await statusOf(id)).toBe('failed');

    await h.driver.blockAction('UADMIN002', {
      actionId: 'retry_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    await eventually(async () => (await statusOf(id)) === 'done', 10_000, 'done after Retry');
    expect(invitationsFor(person.email)).toHaveLength(1);
    expect((await h.bot.ctx.store.get(id))?.decidedBy).toBe('UADMIN002');
    const events = (await eventsOf(h.db.pool, id)).map((e) => e.event);
    expect(events).toEqual(['create', 'approve', 'start', 'fail', 'retry', 'start', 'succeed']);
  });
});

describe('Slack faults', () => {
  it('a card update answered 429 is retried until the card tells the truth', async () => {
    const { id, card } = await newInviteRequest();
    h.slack.failNext('chat.update', { status: 429, retryAfter: 1 }, 2);
    await approve(card);
    await eventually(async () => (await statusOf(id)) === 'done', 10_000, 'done');
    await eventually(
      () => visibleText(h.slack.message(CHANNELS.approvals, card.ts)!).includes('Done'),
      15_000,
      'the card to say Done',
    );
  });

  it.each([
    ['an HTTP 500', { status: 500 }],
    ['an ok:false answer', { error: 'internal_error' }],
  ])(
    'a chat.postMessage failing with %s is retried: the card and the audit line each appear once',
    async (_what, fault) => {
      h.slack.failNext('chat.postMessage', fault);
      const { id, card } = await newInviteRequest();
      const asked = () =>
        h.slack
          .messages(CHANNELS.audit)
          .filter((m) => visibleText(m).includes(id) && visibleText(m).includes('asked for'));
      await eventually(() => asked().length > 0, 15_000, 'the audit line');
      await approve(card);
      await eventually(async () => (await statusOf(id)) === 'done', 10_000, 'done');
      expect(asked()).toHaveLength(1);
      expect(h.slack.messages(CHANNELS.approvals).filter((m) => visibleText(m).includes(id))).toHaveLength(1);
    },
  );
});
