import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../../sandbox/eventually.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, type Stage, startStage } from '../../sandbox/stage.ts';
import { type EmbeddedServer, ensureDatabase, startEmbeddedPostgres } from '../../src/store/embedded.ts';

/** A server of this test's own: restarting the shared one would pull it from under other test files. */
let dir: string;
let server: EmbeddedServer;
let stage: Stage;
let n = 0;

async function startServer(port?: number) {
  server = await startEmbeddedPostgres({ dataDir: dir, persistent: true, port });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nab-pg-restart-'));
  await chmod(dir, 0o755);
  await startServer();
  await ensureDatabase(server.url('postgres'), 'bot');
  stage = await startStage({
    databaseUrl: server.url('bot'),
    logDestination: new Writable({ write: (_c, _e, done) => done() }),
  });
}, 60_000);

afterAll(async () => {
  await stage.stop();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const readyz = async () => (await fetch(`http://127.0.0.1:${stage.bot.port}/readyz`)).status;

async function ask() {
  const person = {
    id: `UPGR${String(++n).padStart(5, '0')}`,
    name: `p${n}`,
    realName: `Pg ${n}`,
    email: `pg${n}@example.com`,
  };
  stage.slack.addUser(person);
  const before = stage.slack.ephemerals(person.id).length;
  await stage.driver.command(person.id, 'invite member');
  const reply = await eventually(
    () =>
      stage.slack
        .ephemerals(person.id)
        .slice(before)
        .map((m) => visibleText(m))
        .join('\n') || undefined,
    10_000,
    'a reply',
  );
  return { person, reply };
}

it('Postgres restarting under the running bot: /readyz reports the outage, users get a clear answer, nothing is lost', async () => {
  const before = await ask();
  const id = /R-[A-Z0-9]{8}/.exec(before.reply)![0];
  const card = await eventually(
    () => stage.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(id)),
    10_000,
    'the card',
  );
  expect(await readyz()).toBe(200);

  const port = server.port;
  await server.stop();
  await eventually(async () => (await readyz()) === 503, 10_000, '/readyz to report the outage');
  const during = await ask();
  expect(during.reply).toContain('Something went wrong on our side and nothing was changed');
  expect(stage.bot.port).toBeGreaterThan(0);
  // Metrics still answer; the queue depth, read from the database, is left out until it is back.
  const metrics = await fetch(`http://127.0.0.1:${stage.bot.port}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).not.toMatch(/^nab_queue_depth\{/m);

  await startServer(port);
  await eventually(async () => (await readyz()) === 200, 20_000, '/readyz to recover');

  // The request made before the outage is still there, and goes through.
  await stage.driver.blockAction('UADMIN001', {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  await eventually(
    async () => (await stage.bot.ctx.store.get(id))?.status === 'done',
    20_000,
    'the old request to be done',
  );
  expect(stage.neon.invitations().filter((i) => i.email === before.person.email)).toHaveLength(1);

  // The one refused during the outage can simply ask again.
  const again = await eventually(
    async () => {
      const r = await stage.bot.ctx.store.findOpenByDedupeKey(`invite:${during.person.email}`);
      if (r) return r;
      await stage.driver.command(during.person.id, 'invite member');
      return undefined;
    },
    20_000,
    'a new request after the outage',
  );
  expect(again.status).toBe('pending');
}, 90_000);
