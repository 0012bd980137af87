import { beforeAll, expect, it } from 'vitest';
import { makeDue } from '../../sandbox/job-clock.ts';
import { type FakeMessage, visibleText } from '../../sandbox/slack/index.ts';
import { verifyHistory } from '../../src/audit/verify.ts';
import { escalateRequest } from '../../src/jobs/escalate-request.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { withPolicyFile } from '../support/policy-file.ts';
import { eventsOf } from '../support/request-events.ts';

const H = 3_600_000;
/** A project whose own escalation (later, to a user group) replaces the global one. */
const PROJECT = 'esc-proj-1';
const GROUP = 'SESCALATE';
/** Not an approver: decides only what is escalated to her group. */
const ERIN = 'UERIN0001';

const POLICY = `
escalation:
  after: 1h
  to: { users: [${PEOPLE.teammate.id}] }
projects:
  ${PROJECT}:
    escalation:
      after: 4h
      to: { usergroups: [${GROUP}] }
`;

const h = useHarness(withPolicyFile(POLICY));
const talk = conversation(h);

beforeAll(() => {
  h.neon.addProject({ name: 'escalated-project', id: PROJECT });
  newPerson(h, ERIN, 'erin');
  h.slack.setUsergroup(GROUP, [ERIN]);
});

/** The escalation job of a request, as pg-boss holds it (waiting, or done). */
async function escalationJobs(id: string): Promise<{ state: string; start_after: Date }[]> {
  const { rows } = await h.db.pool.query<{ state: string; start_after: Date }>(
    `SELECT state, start_after FROM pgboss.job WHERE name = 'escalate-request' AND data->>'requestId' = $1 ORDER BY created_on`,
    [id],
  );
  return rows;
}

/**
 * `ms` pass for this request: it was made that much earlier, and its waiting escalation job is due
 * now (the schedule, not a sleep, is what runs it). Waits until that job has run.
 */
async function timePasses(id: string, ms: number): Promise<void> {
  await h.db.pool.query(`UPDATE requests SET created_at = created_at - make_interval(secs => $2) WHERE id = $1`, [
    id,
    ms / 1000,
  ]);
  expect(await makeDue(h.db.pool, 'escalate-request', id)).toBe(1);
  // Run: nothing of it left due or running (a job that found it not yet due waits, later, again).
  await eventually(
    async () => {
      const { rows } = await h.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'escalate-request' AND data->>'requestId' = $1
            AND (state IN ('active', 'retry') OR (state = 'created' AND start_after <= now()))`,
        [id],
      );
      return rows[0]!.n === 0;
    },
    10_000,
    'the escalation job to run',
  );
}

const dmsAbout = (userId: string, id: string): FakeMessage[] =>
  h.slack.messages(h.slack.dmChannelOf(userId) ?? '-').filter((m) => visibleText(m).includes(id));

/** The copy of the card in `userId`'s DMs (it has the decision buttons while pending). */
const dmCard = (userId: string, id: string) =>
  eventually(
    () => dmsAbout(userId, id).find((m) => visibleText(m).includes('Approve')),
    10_000,
    `the card of ${id} in ${userId}'s DMs`,
  );

async function clickInDm(userId: string, card: FakeMessage): Promise<void> {
  const res = await h.driver.blockAction(userId, {
    actionId: 'approve_request',
    message: { channel: h.slack.dmChannelOf(userId)!, ts: card.ts },
  });
  expect(res.status).toBe(200);
}

it('after `after`, the card goes to the escalation approver too, says so, and they may decide it (not before)', async () => {
  const reply = await talk.ask(PEOPLE.member.id, 'invite member escalate me');
  const id = requestIdIn(reply);
  const card = await talk.card(id);
  const [job] = await escalationJobs(id);
  const created = (await h.bot.ctx.store.get(id))!.createdAt.getTime();
  // Scheduled with the request, for `after` later.
  expect(job?.start_after.getTime()).toBe(created + H);

  // Before the escalation Tom is no approver.
  expect(await talk.clickAndHear(PEOPLE.teammate.id, 'approve_request', card)).toContain('Only approvers');
  expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');

  await timePasses(id, H);
  const note = await talk.cardSaying(card, 'Escalated to');
  expect(note).toContain(`<@${PEOPLE.teammate.id}>`);
  expect(note).toContain('Approve');
  expect(await talk.auditLine(id, 'escalated')).toContain(`<@${PEOPLE.teammate.id}>`);
  const tomsCard = await dmCard(PEOPLE.teammate.id, id);
  expect(visibleText(tomsCard)).toContain('Escalated to');
  expect((await eventsOf(h.db.pool, id)).map((e) => [e.event, e.fromStatus, e.toStatus, e.actorId])).toEqual([
    ['create', null, 'pending', PEOPLE.member.id],
    ['escalate', 'pending', 'pending', 'system'],
  ]);

  await clickInDm(PEOPLE.teammate.id, tomsCard);
  expect(await talk.status(id, 'done', 20_000)).toMatchObject({ decidedBy: PEOPLE.teammate.id });
  // Every copy is updated in place: the channel's card and Tom's DM.
  await talk.cardSaying(card, 'Done');
  await eventually(
    () => visibleText(h.slack.message(h.slack.dmChannelOf(PEOPLE.teammate.id)!, tomsCard.ts)!).includes('Done'),
    10_000,
    "Tom's copy to say Done",
  );
  expect(dmsAbout(PEOPLE.teammate.id, id).filter((m) => visibleText(m).includes('Escalated to'))).toHaveLength(1);
  expect(await verifyHistory(h.db.pool)).toMatchObject({ ok: true });
});

it('escalates once: the job run again, and several runs at once, add no event, card or line', async () => {
  const id = requestIdIn(await talk.ask(PEOPLE.member.id, 'key shop for 1h escalate once'));
  await talk.card(id);
  await h.db.pool.query(`UPDATE requests SET created_at = created_at - interval '1 hour' WHERE id = $1`, [id]);
  // Retries of one job, and a second job, at the same moment.
  const run = { data: { requestId: id }, isRetry: true, isLastAttempt: false };
  await Promise.all([1, 2, 3, 4].map(() => escalateRequest(h.bot.ctx, run)));
  await timePasses(id, 0);
  await dmCard(PEOPLE.teammate.id, id);
  await talk.auditLine(id, 'escalated');

  expect((await eventsOf(h.db.pool, id)).filter((e) => e.event === 'escalate')).toHaveLength(1);
  await h.bot.ctx.jobs.send('sync-cards', { requestId: id });
  await eventually(
    async () =>
      (await h.db.pool.query(`SELECT 1 FROM pgboss.job WHERE name = 'sync-cards' AND state IN ('created', 'active')`))
        .rowCount === 0,
  );
  expect(dmsAbout(PEOPLE.teammate.id, id)).toHaveLength(1);
  const lines = h.slack.messages(CHANNELS.audit).filter((m) => visibleText(m).includes(id));
  expect(lines.filter((m) => visibleText(m).includes('escalated'))).toHaveLength(1);
  expect(await verifyHistory(h.db.pool)).toMatchObject({ ok: true });
});

it("a project's own escalation replaces the global one: its delay and its people", async () => {
  const reply = await talk.ask(PEOPLE.member.id, `key ${PROJECT} for 1h project escalation`);
  const id = requestIdIn(reply);
  const card = await talk.card(id);
  const created = (await h.bot.ctx.store.get(id))!.createdAt.getTime();
  expect((await escalationJobs(id))[0]?.start_after.getTime()).toBe(created + 4 * H);

  // After the global hour nothing happens: the job finds it not yet due and waits for the project's 4 h.
  await timePasses(id, H);
  expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create']);
  const waiting = (await escalationJobs(id)).find((j) => j.state === 'created');
  expect(waiting?.start_after.getTime()).toBe(created - H + 4 * H);

  await timePasses(id, 3 * H);
  const note = await talk.cardSaying(card, 'Escalated to');
  expect(note).toContain(`<!subteam^${GROUP}>`);
  expect(note).not.toContain(`<@${PEOPLE.teammate.id}>`);
  expect(dmsAbout(PEOPLE.teammate.id, id)).toHaveLength(0);
  expect(await talk.clickAndHear(PEOPLE.teammate.id, 'approve_request', card)).toContain('Only approvers');

  await clickInDm(ERIN, await dmCard(ERIN, id));
  expect(await talk.status(id, 'done', 20_000)).toMatchObject({ decidedBy: ERIN });
  expect(await verifyHistory(h.db.pool)).toMatchObject({ ok: true });
});
