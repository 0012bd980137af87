import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/eventually.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import { SlackDriver } from '../../sandbox/slack-driver.ts';
import { CHANNELS, PEOPLE, type StandIns, startStandIns } from '../../sandbox/stage.ts';
import { BotProcess } from '../support/bot-process.ts';
import { eventsOf } from '../support/request-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * The bot as a real process, killed with SIGKILL at each step of an approval; after a restart
 * every request must end done, with exactly one Neon effect and a card that tells the truth.
 */
let db: TestDatabase;
let s: StandIns;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  // A dead worker's attempt is retried after 3 s instead of 2 minutes.
  s = await startStandIns({ databaseUrl: db.url, env: { EXECUTION_ATTEMPT_TIMEOUT: '3s', LOG_LEVEL: 'info' } });
});
/** Every bot a test started: one left running by a failed test would outlive the run. */
const bots: BotProcess[] = [];
const newBot = () => {
  const bot = new BotProcess(s.env);
  bots.push(bot);
  return bot;
};

afterAll(async () => {
  await Promise.all(bots.map((b) => b.kill()));
  await s.close();
  await db.drop();
});

const driverFor = (bot: BotProcess) =>
  new SlackDriver({ botUrl: bot.url, signingSecret: s.signingSecret, fake: s.slack, channelId: CHANNELS.general });

/** Ada clicks Approve on the request's card, through this bot. */
const approve = (bot: BotProcess, req: { card: { ts: string } }) =>
  driverFor(bot).blockAction(PEOPLE.admin.id, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: req.card.ts },
  });

async function ask(bot: BotProcess) {
  const person = {
    id: `UCRASH${String(++n).padStart(3, '0')}`,
    name: `c${n}`,
    realName: `Crash ${n}`,
    email: `crash${n}@example.com`,
  };
  s.slack.addUser(person);
  await driverFor(bot).command(person.id, 'invite member');
  const card = await eventually(
    () => s.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(person.email)),
    10_000,
    'the card',
  );
  return { id: /R-[A-Z0-9]{8}/.exec(visibleText(card))![0], card, email: person.email };
}

const statusOf = async (id: string) =>
  (await db.pool.query('SELECT status FROM requests WHERE id = $1', [id])).rows[0]?.status;
const invitationPosts = (email: string) =>
  s.neon.requests.filter((r) => r.method === 'POST' && JSON.stringify(r.body).includes(email));

async function expectCompletedOnce(bot: BotProcess, req: { id: string; card: { ts: string }; email: string }) {
  await eventually(async () => (await statusOf(req.id)) === 'done', 30_000, `${req.id} to be done after the restart`);
  expect(s.neon.invitations().filter((i) => i.email === req.email)).toHaveLength(1);
  expect(invitationPosts(req.email).filter((p) => p.status === 200 || p.status === null)).toHaveLength(1);
  await eventually(
    () => visibleText(s.slack.message(CHANNELS.approvals, req.card.ts)!).includes('Done'),
    15_000,
    'the card to say Done',
  );
  expect(bot.running).toBe(true);
}

/** A bot killed at `point` while Ada approves a new request (it may die before it answers the click). */
async function killedAt(point: string) {
  const bot = newBot();
  await bot.start({ FAILPOINT: point });
  const req = await ask(bot);
  await approve(bot, req).catch(() => undefined);
  expect(await bot.waitForExit()).toBeNull(); // killed by the signal
  return { bot, req };
}

const eventNames = async (id: string) => (await eventsOf(db.pool, id)).map((e) => e.event);

describe('SIGKILL at each step, then a restart', () => {
  it.each([
    {
      point: 'after-approve',
      left: 'approved',
      when: 'after the decision, before the job ran: the committed job runs',
    },
    {
      point: 'after-start',
      left: 'executing',
      when: 'after the start, its look at Neon already sent: the retry looks again, and invites once',
    },
  ])('$when after the restart, no POST before it', async ({ point, left }) => {
    const { bot, req } = await killedAt(point);
    expect(await statusOf(req.id)).toBe(left);
    expect(invitationPosts(req.email)).toHaveLength(0);
    await bot.start();
    await expectCompletedOnce(bot, req);
    expect(await eventNames(req.id)).toEqual(['create', 'approve', 'start', 'succeed']);
    await bot.terminate();
  });

  it('during the Neon call (Neon carries it out anyway): the retry looks first and creates nothing twice', async () => {
    const bot = newBot();
    await bot.start();
    const req = await ask(bot);
    s.neon.failNext({ method: 'POST', path: /\/invitations$/ }, { delayMs: 1_500 });
    await approve(bot, req);
    await eventually(() => invitationPosts(req.email).length === 1, 10_000, 'the POST to reach Neon');
    await bot.kill();
    expect(await statusOf(req.id)).toBe('executing');
    await eventually(
      () => s.neon.invitations().some((i) => i.email === req.email),
      10_000,
      'Neon to finish the slow POST',
    );
    await bot.start();
    await expectCompletedOnce(bot, req);
    expect(await eventNames(req.id)).toEqual(['create', 'approve', 'start', 'succeed']);
    await bot.terminate();
  });

  it('after Neon answered, before anything was recorded or shown: the card still ends true', async () => {
    const { bot, req } = await killedAt('after-neon');
    expect(await statusOf(req.id)).toBe('executing');
    expect(s.neon.invitations().filter((i) => i.email === req.email)).toHaveLength(1);
    await bot.start();
    await expectCompletedOnce(bot, req);
    await bot.terminate();
  });
});

describe('liveness: a dead worker is noticed by its silence, not by the attempt timeout', () => {
  // Attempts may run 10 minutes here: only the heartbeat can bring the request back in time.
  const patient = { EXECUTION_ATTEMPT_TIMEOUT: '10m' };

  it('SIGKILL during the Neon call: after a restart the request ends done, exactly once', async () => {
    const bot = newBot();
    await bot.start(patient);
    const req = await ask(bot);
    s.neon.failNext({ method: 'POST', path: /\/invitations$/ }, { delayMs: 1_500 });
    await approve(bot, req);
    await eventually(() => invitationPosts(req.email).length === 1, 10_000, 'the POST to reach Neon');
    await bot.kill();
    expect(await statusOf(req.id)).toBe('executing');
    await bot.start(patient);
    await expectCompletedOnce(bot, req);
    expect(await eventNames(req.id)).toEqual(['create', 'approve', 'start', 'succeed']);
    await bot.terminate();
  }, 60_000);

  it('SIGKILL while a Slack post is in flight (a job without a run lock): its silent heartbeat brings it back', async () => {
    const bot = newBot();
    await bot.start(patient);
    const req = await ask(bot);
    const before = s.slack.calls('chat.postMessage').length;
    // The next post hangs, then fails: only a retry after the restart can deliver it.
    s.slack.failNext('chat.postMessage', { status: 500, delayMs: 5_000 });
    await approve(bot, req);
    const held = await eventually(() => s.slack.calls('chat.postMessage')[before], 10_000, 'a post to reach Slack');
    await bot.kill();
    await bot.start(patient);
    const { channel, text } = held.args as { channel: string; text: string };
    await eventually(
      () =>
        s.slack
          .calls('chat.postMessage')
          .slice(before + 1)
          .some((c) => {
            const args = c.args as { channel: string; text: string };
            return args.channel === channel && args.text === text && (c.response as { ok?: boolean })?.ok;
          }),
      40_000,
      'the post to be made by a retry',
    );
    await bot.terminate();
  }, 90_000);

  it('a retry made while the first attempt still runs waits for it: one Neon call, one outcome', async () => {
    const bot = newBot();
    await bot.start(patient);
    const req = await ask(bot);
    // Held long enough for the retry to be claimed meanwhile (the Neon client gives up at 10 s).
    s.neon.failNext({ method: 'POST', path: /\/invitations$/ }, { delayMs: 8_000 });
    await approve(bot, req);
    await eventually(() => invitationPosts(req.email).length === 1, 10_000, 'the POST to reach Neon');
    // What the monitor does to a job whose heartbeat it stopped hearing (a database outage longer
    // than heartbeatSeconds), made due at once.
    const job = `name = 'execute-request' AND data->>'requestId' = $1`;
    await db.pool.query(
      `UPDATE pgboss.job SET state = 'retry', start_after = now() WHERE ${job} AND state = 'active'`,
      [req.id],
    );
    await eventually(
      async () =>
        (await db.pool.query(`SELECT 1 FROM pgboss.job WHERE ${job} AND retry_count >= 1`, [req.id])).rowCount,
      6_000,
      'the retry to be claimed',
    );
    expect(s.neon.invitations().some((i) => i.email === req.email)).toBe(false); // the first POST is still held
    await expectCompletedOnce(bot, req);
    expect(invitationPosts(req.email)).toHaveLength(1);
    expect(await eventNames(req.id)).toEqual(['create', 'approve', 'start', 'succeed']);
    await bot.terminate();
  }, 60_000);
});

describe('two bot processes on one database', () => {
  it('10 concurrent approvals split across both: exactly one Neon effect', async () => {
    const a = newBot();
    const b = newBot();
    await Promise.all([a.start(), b.start()]);
    const req = await ask(a);
    const clicks = Array.from({ length: 10 }, (_, i) =>
      driverFor(i % 2 ? a : b).blockAction(i % 4 < 2 ? PEOPLE.admin.id : PEOPLE.admin2.id, {
        actionId: 'approve_request',
        message: { channel: CHANNELS.approvals, ts: req.card.ts },
      }),
    );
    expect((await Promise.all(clicks)).every((c) => c.status === 200)).toBe(true);
    await expectCompletedOnce(a, req);
    expect((await eventsOf(db.pool, req.id)).filter((e) => e.event === 'approve')).toHaveLength(1);
    expect(await Promise.all([a.terminate(), b.terminate()])).toEqual([0, 0]);
  });
});

describe('SIGTERM', () => {
  it('stops taking work, lets the running job finish, and exits 0', async () => {
    const bot = newBot();
    await bot.start();
    const req = await ask(bot);
    s.neon.failNext({ method: 'POST', path: /\/invitations$/ }, { delayMs: 1_000 });
    await approve(bot, req);
    await eventually(() => invitationPosts(req.email).length === 1, 10_000, 'the POST to reach Neon');
    expect(await bot.terminate()).toBe(0);
    // The job in flight finished before the exit: done, and said so in the log.
    expect(await statusOf(req.id)).toBe('done');
    expect(bot.lines.some((l) => l.includes('stopping'))).toBe(true);
  });
});
