import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { eventually } from '../sandbox/eventually.ts';
import type { RecordedCall } from '../sandbox/slack/index.ts';
import { SlackDriver } from '../sandbox/slack-driver.ts';
import { CHANNELS, PEOPLE, type StandIns, startStandIns } from '../sandbox/stage.ts';
import type { BotProcess } from '../test/support/bot-process.ts';
import { benchDatabase } from './database.ts';
import { startBenchBot } from './pipeline.ts';
import { seedHistory } from './seed-history.ts';
import { percentile, type Row } from './stats.ts';

const root = new URL('../', import.meta.url).pathname;
/** `pending`: of the past requests, how many still wait for a decision (the approvers' queue). */
const SCALE = { members: 5_000, invitations: 2_000, projects: 500, requests: 100_000, pending: 1_000 };
/**
 * Asks and approvals this far apart, as people's are: each ask reads Neon afresh (past the 2 s a
 * shared ask-time read serves, src/neon/client.ts), and each approval starts with the key's rate
 * budget refilled (back to back, 12 calls each at scale, they would measure the limiter's 650/min).
 */
const PAUSE_MS = 2_100;
const pause = () => new Promise((r) => setTimeout(r, PAUSE_MS));

interface World {
  s: StandIns;
  bot: BotProcess;
  driver: SlackDriver;
  databaseUrl: string;
  /** A member whose `/neon mine` is measured: 21 past requests at scale (one pending), none on the empty org. */
  member: string;
}

/** The org at scale, in the emulator and in Slack (every Neon member has a Slack account, as reconciliation expects). */
function seedOrg(s: StandIns): { id: string; email: string }[] {
  const people = Array.from({ length: SCALE.members - s.neon.members().length }, (_, i) => ({
    id: `USCALE${String(i).padStart(5, '0')}`,
    email: `member${i}@example.com`,
  }));
  for (const p of people) {
    s.slack.addUser({ id: p.id, name: `member${p.id}`, realName: `Member ${p.id}`, email: p.email });
    s.neon.addMember(s.neon.addUser({ email: p.email }).id, 'member');
  }
  for (let i = 0; i < SCALE.invitations; i++) s.neon.addInvitation({ email: `invited${i}@example.com` });
  for (let i = s.neon.projects().length; i < SCALE.projects; i++) s.neon.addProject({ name: `project-${i}` });
  return people;
}

async function startWorld(atScale: boolean): Promise<World & { close(): Promise<void> }> {
  const db = await benchDatabase();
  const s = await startStandIns({
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'warn' },
    emulator: { checkResponses: 20, rateLimits: true },
  });
  const people = atScale ? seedOrg(s) : [];
  const bot = await startBenchBot({ ...s.env, DATABASE_URL: db.url });
  // Before the bot writes its first event, so its events chain from the seeded ones.
  if (atScale) await seedHistory(db.url, people, PEOPLE.admin.id, SCALE.requests, SCALE.pending);
  const member = people[0]?.id ?? 'USCALEMINE';
  if (!atScale) s.slack.addUser({ id: member, name: 'mine', realName: 'Mine', email: 'mine@example.com' });
  const driver = new SlackDriver({
    botUrl: bot.url,
    signingSecret: s.signingSecret,
    fake: s.slack,
    channelId: CHANNELS.general,
  });
  return {
    s,
    bot,
    driver,
    databaseUrl: db.url,
    member,
    async close() {
      await bot.terminate();
      await s.close();
      await db.drop();
    },
  };
}

/** The p50 of `n` runs of `fn`, each returning how long its answer took (ms). */
async function p50(n: number, fn: (i: number) => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await fn(i));
  return percentile(xs, 50);
}

/**
 * Ms from `started` to when the fake Slack recorded the first call after the `from`th that
 * `match`es: the fake's own clock, not this process's polling, times the answer.
 */
async function answeredAfter(
  w: World,
  started: number,
  from: number,
  match: (c: RecordedCall) => boolean,
  what: string,
): Promise<number> {
  const call = await eventually(() => w.s.slack.calls().slice(from).find(match), 120_000, what);
  return call.at - started;
}

const isReply = (c: RecordedCall) => c.method === 'response_url' || c.method === 'chat.postEphemeral';

/** Sends a command; ms until the reply only its sender sees. */
async function reply(w: World, userId: string, text: string): Promise<number> {
  const from = w.s.slack.calls().length;
  const started = Date.now();
  const res = await w.driver.command(userId, text);
  if (res.status !== 200) throw new Error(`/neon ${text} answered ${res.status}`);
  return answeredAfter(w, started, from, isReply, `a reply to /neon ${text}`);
}

/** Every figure the table compares, in ms unless named otherwise. */
async function measure(w: World): Promise<Map<string, number>> {
  const { s, driver } = w;
  const figures = new Map<string, number>();
  const admin = PEOPLE.admin.id;

  const cards: { ts: string; email: string }[] = [];
  const neonBefore = s.neon.requests.length;
  figures.set(
    'ask → card (ms)',
    await p50(5, async (i) => {
      await pause();
      const id = `USCASK${String(i).padStart(3, '0')}`;
      const email = `asker${i}@example.com`;
      s.slack.addUser({ id, name: `asker${i}`, realName: `Asker ${i}`, email });
      const before = s.slack.messages(CHANNELS.approvals).length;
      const from = s.slack.calls().length;
      const started = Date.now();
      await driver.command(id, 'invite member scale');
      const took = await answeredAfter(
        w,
        started,
        from,
        (c) => c.method === 'chat.postMessage' && c.args.channel === CHANNELS.approvals,
        `the card for ${id}`,
      );
      const card = await eventually(() => s.slack.messages(CHANNELS.approvals)[before], 60_000, 'the card');
      cards.push({ ts: card.ts, email });
      return took;
    }),
  );

  const neonAfterAsks = s.neon.requests.length;
  figures.set('Neon calls per ask', (neonAfterAsks - neonBefore) / cards.length);
  figures.set(
    'approve → Neon POST (ms)',
    await p50(cards.length, async (i) => {
      const card = cards[i]!;
      await pause();
      const started = Date.now();
      await driver.blockAction(admin, {
        actionId: 'approve_request',
        message: { channel: CHANNELS.approvals, ts: card.ts },
      });
      const post = await eventually(
        () =>
          s.neon.requests.find(
            (r) => r.method === 'POST' && r.status === 200 && JSON.stringify(r.body).includes(card.email),
          ),
        120_000,
        `the invitation POST for ${card.email}`,
      );
      return Date.parse(post.at) - started;
    }),
  );

  figures.set('Neon calls per approval, to the POST', (s.neon.requests.length - neonAfterAsks) / cards.length);
  figures.set('/neon mine (ms)', await p50(10, () => reply(w, w.member, 'mine')));
  figures.set(
    'App Home publish (ms)',
    await p50(10, async () => {
      const from = s.slack.calls().length;
      const started = Date.now();
      await driver.event({ type: 'app_home_opened', user: admin, tab: 'home' });
      return answeredAfter(w, started, from, (c) => c.method === 'views.publish', 'views.publish');
    }),
  );
  figures.set('/neon admin pending (ms)', await p50(10, () => reply(w, admin, 'admin pending')));

  const picker = 'USCPICK01';
  s.slack.addUser({ id: picker, name: 'picker', realName: 'Picker', email: 'picker@example.com' });
  // Two projects share the word: the form opens with its project picker.
  await driver.command(picker, 'key billing for 2h scale');
  const modal = await eventually(
    () => s.slack.views(picker).find((v) => v.callback_id === 'key_request'),
    60_000,
    'the key form',
  );
  // A new query each time (the bot caches answers per query); each matches in both orgs.
  const typed = ['b', 'bi', 'bil', 'bill', 'billi', 'billin', 'billing', 'billing-', 'billing-a', 'billing-w'];
  figures.set(
    'project search: block_suggestion answer (ms)',
    await p50(typed.length, async (i) => {
      const started = Date.now();
      const res = await driver.blockSuggestion(picker, {
        actionId: 'key_project_select',
        blockId: 'key_project',
        value: typed[i]!,
        view: modal,
      });
      const options = (res.body as { options?: unknown[] } | undefined)?.options ?? [];
      if (res.status !== 200 || options.length === 0)
        throw new Error(`block_suggestion answered ${res.status}, no options`);
      return Date.now() - started;
    }),
  );

  const verified = await auditVerify(w.databaseUrl);
  figures.set('audit verify (s)', verified.s);
  figures.set('audit verify (rows/s)', verified.rows / verified.s);

  const isSummary = (c: RecordedCall) =>
    c.method === 'chat.postMessage' &&
    c.args.channel === CHANNELS.audit &&
    !c.args.thread_ts &&
    String(c.args.text).startsWith('Reconciliation');
  figures.set(
    'reconcile: ask → summary posted (s)',
    (await p50(3, async () => {
      const from = s.slack.calls().length;
      const started = Date.now();
      await driver.command(admin, 'admin reconcile');
      return answeredAfter(w, started, from, isSummary, 'the reconciliation summary');
    })) / 1000,
  );
  return figures;
}

/** `audit verify` on the bot's database, as an operator runs it (p50 of 3), and how many events it checked. */
async function auditVerify(databaseUrl: string): Promise<{ s: number; rows: number }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const rows = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM request_events')).rows[0]!.n;
  await db.end();
  const ms = await p50(3, async () => {
    const started = Date.now();
    await promisify(execFile)(process.execPath, [`${root}dist/cli.js`, 'audit', 'verify'], {
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
    });
    return Date.now() - started;
  });
  return { s: ms / 1000, rows };
}

/**
 * 6. The same figures on an empty org and database, then on an org of 5,000 members, 2,000
 * pending invitations and 500 projects with 100,000 past requests in the database (1,000 of
 * them still pending).
 */
export async function benchScale(): Promise<Row[]> {
  const results: Map<string, number>[] = [];
  for (const atScale of [false, true]) {
    const w = await startWorld(atScale);
    try {
      results.push(await measure(w));
    } finally {
      await w.close();
    }
  }
  const [empty, scaled] = results as [Map<string, number>, Map<string, number>];
  return [...empty].map(([figure, e]) => ({
    figure,
    empty: e,
    'at scale': scaled.get(figure)!,
    ratio: scaled.get(figure)! / e,
  }));
}
