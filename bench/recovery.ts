import pg from 'pg';
import { eventually } from '../sandbox/eventually.ts';
import { SlackDriver } from '../sandbox/slack-driver.ts';
import { CHANNELS, PEOPLE, type StandIns } from '../sandbox/stage.ts';
import { startBenchBot } from './pipeline.ts';
import type { Row } from './stats.ts';

/** Longer than any recovery worth waiting for: the held POST never answers within the bench. */
const HOLD_MS = 600_000;
const GIVE_UP_MS = 240_000;

/**
 * A bot process killed (SIGKILL) while Neon holds its invitation POST, then a new one: seconds
 * from the new process's spawn until the request is done. Measures whatever the bot does today.
 */
export async function benchRecovery(
  s: StandIns,
  databaseUrl: string,
  newUsers: (n: number) => string[],
): Promise<Row[]> {
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
            `SELECT c.channel, c.ts, r.id FROM request_cards c JOIN requests r ON r.id = c.request_id WHERE r.reason = 'recovery'`,
          )
        ).rows[0],
      60_000,
      'the card',
    );
    const isPost = (r: { method: string; path: string; body: unknown }) =>
      r.method === 'POST' && r.path.endsWith('/invitations') && JSON.stringify(r.body).toLowerCase().includes(email);
    s.neon.failNext({ method: 'POST', path: /\/invitations$/ }, { delayMs: HOLD_MS });
    await driver(first.url).blockAction(PEOPLE.admin.id, {
      actionId: 'approve_request',
      message: { channel: card.channel, ts: card.ts },
    });
    await eventually(() => s.neon.requests.some(isPost), 60_000, 'the held POST');
    await first.kill();
    s.neon.reset();

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
    return [
      { measure: 'new process ready (s)', value: ready },
      {
        measure: 'restart → request done (s; target ≤ 15)',
        value: done === undefined ? `not within ${GIVE_UP_MS / 1000}` : (done - spawned) / 1000,
      },
      { measure: 'invitation POSTs for it', value: s.neon.requests.filter(isPost).length },
    ];
  } finally {
    await db.end();
  }
}
