import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../../sandbox/eventually.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, PEOPLE, type Stage, startStage } from '../../sandbox/stage.ts';
import { eventsOf } from '../support/request-events.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * The database behind a network that drops packets (not one that refuses connections: that is
 * postgres-restart.test.ts): the bot must still answer people, tell a load balancer it is not
 * ready, and lose or double nothing once the network is back.
 */
let db: TestDatabase;
let proxy: TcpProxy;
let stage: Stage;
let n = 0;

const SORRY = 'Something went wrong on our side and nothing was changed';

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  const url = new URL(db.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  url.port = String(proxy.port);
  stage = await startStage({
    databaseUrl: url.toString(),
    logDestination: new Writable({ write: (_c, _e, done) => done() }),
  });
}, 60_000);

afterAll(async () => {
  proxy?.heal();
  await stage?.stop();
  await proxy?.close();
  await db?.drop();
});

/** A load balancer's probe gives up after 5 s: a probe that hangs counts as no answer at all. */
const readyz = async () =>
  (await fetch(`http://127.0.0.1:${stage.bot.port}/readyz`, { signal: AbortSignal.timeout(5_000) })).status;

function newPerson() {
  const person = {
    id: `UPART${String(++n).padStart(4, '0')}`,
    name: `pp${n}`,
    realName: `Part ${n}`,
    email: `part${n}@example.com`,
  };
  stage.slack.addUser(person);
  return person;
}

/** Everything told to `userId` alone after `before` replies, once there is some. */
const repliesTo = (userId: string, before: number) =>
  eventually(
    () =>
      stage.slack
        .ephemerals(userId)
        .slice(before)
        .map((m) => visibleText(m))
        .join('\n') || undefined,
    10_000,
    `a reply to ${userId}`,
  );

async function ask(person: { id: string }) {
  const before = stage.slack.ephemerals(person.id).length;
  await stage.driver.command(person.id, 'invite member');
  return repliesTo(person.id, before);
}

async function approve(card: { ts: string }) {
  const before = stage.slack.ephemerals(PEOPLE.admin.id).length;
  await stage.driver.blockAction(PEOPLE.admin.id, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  return before;
}

it('packets to the database dropped: /readyz says 503, people are told to try again, nothing lost or doubled after', async () => {
  const early = newPerson();
  const id = /R-[A-Z0-9]{8}/.exec(await ask(early))![0];
  const card = await eventually(
    () => stage.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(id)),
    10_000,
    'the card',
  );
  expect(await readyz()).toBe(200);

  proxy.drop();
  expect(await readyz()).toBe(503);

  // A command and a click during the partition: each gets the clear "try again", and changes nothing.
  const late = newPerson();
  expect(await ask(late)).toContain(SORRY);
  expect(await repliesTo(PEOPLE.admin.id, await approve(card))).toContain(SORRY);

  proxy.heal();
  await eventually(async () => (await readyz()) === 200, 20_000, '/readyz to recover');

  // The click that got "try again" did nothing: the request still waits, and a new click runs it once.
  expect((await db.pool.query('SELECT status FROM requests WHERE id = $1', [id])).rows[0].status).toBe('pending');
  await approve(card);
  await eventually(
    async () => (await db.pool.query('SELECT status FROM requests WHERE id = $1', [id])).rows[0].status === 'done',
    20_000,
    'the request to be done',
  );
  expect(stage.neon.invitations().filter((i) => i.email === early.email)).toHaveLength(1);
  expect((await eventsOf(db.pool, id)).map((e) => e.event)).toEqual(['create', 'approve', 'start', 'succeed']);

  // The person told to try again can, and has exactly one request.
  await eventually(async () => (await ask(late)).includes('R-'), 20_000, 'a new request after the partition');
  const { rows } = await db.pool.query('SELECT status FROM requests WHERE requester_id = $1', [late.id]);
  expect(rows.map((r) => r.status)).toEqual(['pending']);
}, 120_000);
