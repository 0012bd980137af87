import pg from 'pg';
import { eventually } from '../sandbox/eventually.ts';
import { SlackDriver } from '../sandbox/slack-driver.ts';
import { CHANNELS, PEOPLE, type StandIns } from '../sandbox/stage.ts';
import { startBenchBot } from './pipeline.ts';
import type { Row } from './stats.ts';

/** How long Neon takes over the POST that lands: the process is killed while it waits. */
const LANDS_AFTER_MS = 3_000;
const GIVE_UP_MS = 240_000;

/**
 * A bot process killed (SIGKILL) while Neon holds its invitation POST, then a new one: seconds
 * from the new process's spawn until the request is done, in the two cases a crash can leave.
 * Neon carried the POST out (its answer never reached the dead process): the new process finds the
 * invitation at its first look. The POST never reached Neon: nothing found proves nothing until the
 * settle window has passed (a POST may land that long after it was sent), so that case is bounded
 * by the window by design, not by the recovery.
 */
export async function benchRecovery(
  s: StandIns,
  databaseUrl: string,
  newUsers: (n: number) => string[],
): Promise<Row[]> {
  const landed = await recoverOnce(s, databaseUrl, newUsers, 'lands');
  const lost = await recoverOnce(s, databaseUrl, newUsers, 'never lands');
  const row = (what: string, r: Recovery) => [
    { measure: `${what}: new process ready (s)`, value: r.ready },
    { measure: `${what}: restart → request done (s)`, value: r.done },
    { measure: `${what}: invitation POSTs / invitations in Neon`, value: `${r.posts} / ${r.invitations}` },
  ];
  return [...row('the POST lands (target ≤ 15)', landed), ...row('the POST never reaches Neon', lost)];
}

interface Recovery {
  ready: number;
  done: number | string;
  posts: number;
  invitations: number;
}

async function recoverOnce(
  s: StandIns,
  databaseUrl: string,
  newUsers: (n: number) => string[],
  post: 'lands' | 'never lands',
): Promise<Recovery> {
  const env = { ...s.env, DATABASE_URL: databaseUrl };
  const db = new pg.Client({ connectionString: databaseUrl });
  const first = await startBenchBot(env);
  await db.connect();
  try {
    const driver = (url: string) =>
      new SlackDriver({ botUrl: url, signingSecret: s.signingSecret, fake: s.slack, channelId: CHANNELS.general });
    const [user] = newUsers(1);
    const email = s.slack.user(user!)!.email!.toLowerCase();
    await driver(first.url).command(user!, 'invite member recovery');
    const card = await eventually(
      async () =>
        (
          await db.query<{ channel: string; ts: string; id: string }>(
            `SELECT c.channel, c.ts, r.id FROM request_cards c JOIN requests r ON r.id = c.request_id WHERE r.requester_id = $1`,
            [user],
          )
        ).rows[0],
      60_000,
      'the card',
    );
    const isPost = (r: { method: string; path: string; body: unknown }) =>
      r.method === 'POST' && r.path.endsWith('/invitations') && JSON.stringify(r.body).toLowerCase().includes(email);
    // Held past the kill; left alone it is carried out after LANDS_AFTER_MS, reset() cancels it unsent.
    s.neon.failNext(
      { method: 'POST', path: /\/invitations$/ },
      { delayMs: post === 'lands' ? LANDS_AFTER_MS : GIVE_UP_MS },
    );
    await driver(first.url).blockAction(PEOPLE.admin.id, {
      actionId: 'approve_request',
      message: { channel: card.channel, ts: card.ts },
    });
    await eventually(() => s.neon.requests.some(isPost), 60_000, 'the held POST');
    await first.kill();
    if (post === 'never lands') s.neon.reset();

    const spawned = performance.now();
    const second = await startBenchBot(env);
    const ready = (performance.now() - spawned) / 1000;
    const status = async () =>
      (await db.query<{ status: string }>('SELECT status FROM requests WHERE id = $1', [card.id])).rows[0]?.status;
    const done = await eventually(
      async () => ((await status()) === 'done' ? performance.now() : undefined),
      GIVE_UP_MS,
      'the request to be done after the restart',
    ).catch(() => undefined);
    await second.terminate();
    const invitations = s.neon.invitations().filter((i) => i.email.toLowerCase() === email).length;
    return {
      ready,
      done: done === undefined ? `not within ${GIVE_UP_MS / 1000}` : (done - spawned) / 1000,
      posts: s.neon.requests.filter(isPost).length,
      invitations,
    };
  } finally {
    await db.end();
  }
}
