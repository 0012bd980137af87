import { expect, it } from 'vitest';
import { visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { eventsOf } from '../support/request-events.ts';

// Short enough to watch; the mechanism is the same pg-boss schedule as in production.
const h = useHarness({ env: { REQUEST_TTL: '4s' } });

it('an undecided request reminds each approver once at half its TTL, then expires: card, requester and audit told', async () => {
  await h.driver.command(PEOPLE.member.id, 'invite member waiting here');
  const card = await eventually(() =>
    h.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes('waiting here')),
  );
  const id = /R-[A-Z0-9]{8}/.exec(visibleText(card))![0];

  const reminded = (user: string) =>
    h.slack
      .messages(h.slack.dmChannelOf(user) ?? '-')
      .filter((m) => visibleText(m).includes(id) && visibleText(m).includes('still waits'));
  await eventually(
    () => reminded(PEOPLE.admin.id).length === 1 && reminded(PEOPLE.admin2.id).length === 1,
    10_000,
    'one reminder each',
  );
  expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');

  await eventually(async () => (await h.bot.ctx.store.get(id))?.status === 'expired', 10_000, 'expired');
  await eventually(
    () => visibleText(h.slack.message(CHANNELS.approvals, card.ts)!).includes('Expired'),
    10_000,
    'the card to say Expired',
  );
  expect(visibleText(h.slack.message(CHANNELS.approvals, card.ts)!)).not.toContain('Approve');
  await eventually(() =>
    h.slack
      .messages(h.slack.dmChannelOf(PEOPLE.member.id) ?? '-')
      .some((m) => visibleText(m).includes(id) && visibleText(m).includes('expired')),
  );
  await eventually(() =>
    h.slack.messages(CHANNELS.audit).some((m) => visibleText(m).includes(id) && /expired/i.test(visibleText(m))),
  );
  expect((await eventsOf(h.db.pool, id)).map((e) => [e.event, e.actorId])).toEqual([
    ['create', PEOPLE.member.id],
    ['expire', 'system'],
  ]);
  expect(reminded(PEOPLE.admin.id)).toHaveLength(1);
});

it('a request decided in time does not expire', async () => {
  await h.driver.command(PEOPLE.member.id, 'invite admin decided in time');
  const card = await eventually(() =>
    h.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes('decided in time')),
  );
  const id = /R-[A-Z0-9]{8}/.exec(visibleText(card))![0];
  await h.driver.blockAction(PEOPLE.admin.id, {
    actionId: 'deny_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  const modal = await eventually(() => h.slack.views(PEOPLE.admin.id).find((v) => v.callback_id === 'deny_reason'));
  await h.driver.viewSubmission(PEOPLE.admin.id, modal, {});
  await eventually(async () => (await h.bot.ctx.store.get(id))?.status === 'denied');
  // Past its TTL, the expiry job has run and found nothing to do.
  await eventually(
    async () => {
      const { rows } = await h.db.pool.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'expire-request' AND data->>'requestId' = $1 AND state = 'completed'`,
        [id],
      );
      return rows[0].n === 1;
    },
    10_000,
    'the expiry job to complete',
  );
  expect((await h.bot.ctx.store.get(id))?.status).toBe('denied');
});
