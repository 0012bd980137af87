import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { visibleText } from '../test/fakes/slack/index.ts';
import { BotProcess } from '../test/support/bot-process.ts';
import { eventually } from '../test/support/eventually.ts';
import { SlackDriver } from '../test/support/slack-driver.ts';
import { CHANNELS, PEOPLE, type StandIns } from '../test/support/stage.ts';
import { percentile, type Row } from './stats.ts';

export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export interface PipelineResult {
  rows: Row[];
  botPid: number;
  bot: BotProcess;
}

/**
 * N requests created → approved → executed by the real bot process against the Neon emulator and
 * a real database. Latency is from the approve click leaving the driver to the POST reaching Neon.
 */
export async function benchPipeline(s: StandIns, databaseUrl: string, n: number, newUsers: (n: number) => string[]): Promise<PipelineResult> {
  // info: the start-up line carries the port; the bot logs little else at that level.
  const bot = new BotProcess({ ...s.env, LOG_LEVEL: 'info', REQUEST_TTL: '24h' });
  await bot.start();
  const driver = new SlackDriver({ botUrl: bot.url, signingSecret: s.signingSecret, fake: s.slack, channelId: CHANNELS.general });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const users = newUsers(n);
    const emailOf = new Map(users.map((u) => [u, s.slack.user(u)!.email!.toLowerCase()]));
    await pool(users, 20, async (u) => {
      const res = await driver.command(u, 'invite member pipeline');
      if (res.status !== 200) throw new Error(`ask answered ${res.status}`);
    });
    const count = async (status: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE status = $1 AND reason = 'pipeline'`, [status])).rows[0]!.n;
    await eventually(async () => (await count('pending')) === n, 120_000, `${n} pending requests`);
    await eventually(() => s.slack.messages(CHANNELS.approvals).filter((m) => visibleText(m).includes('pipeline')).length >= n, 120_000, `${n} cards`);
    const cards = s.slack.messages(CHANNELS.approvals).filter((m) => visibleText(m).includes('pipeline'));

    const clickedAt = new Map<string, number>();
    const started = Date.now();
    await pool(cards, 10, async (card) => {
      const email = /[a-z0-9.]+@example\.com/.exec(visibleText(card).toLowerCase())![0];
      clickedAt.set(email, Date.now());
      const res = await driver.blockAction(PEOPLE.admin.id, { actionId: 'approve_request', message: { channel: CHANNELS.approvals, ts: card.ts } });
      if (res.status !== 200) throw new Error(`approve answered ${res.status}`);
    });
    await eventually(async () => (await count('done')) === n, 300_000, `${n} requests done`);
    const seconds = (Date.now() - started) / 1000;

    const posts = s.neon.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invitations') && r.status === 200);
    const latencies = posts.map((p) => Date.parse(p.at) - clickedAt.get((p.body as { invitations: { email: string }[] }).invitations[0]!.email.toLowerCase())!);
    const perEmail = new Map<string, number>();
    for (const i of s.neon.invitations()) perEmail.set(i.email.toLowerCase(), (perEmail.get(i.email.toLowerCase()) ?? 0) + 1);
    const exactlyOnce = [...emailOf.values()].filter((e) => perEmail.get(e) === 1).length;
    const failed = await count('failed');
    return {
      bot,
      botPid: bot.pid,
      rows: [
        { measure: 'requests approved and executed', value: n },
        { measure: 'throughput (approvals done per second)', value: n / seconds },
        { measure: 'approve click → Neon POST p50 (ms)', value: percentile(latencies, 50) },
        { measure: 'approve click → Neon POST p99 (ms)', value: percentile(latencies, 99) },
        { measure: 'invited exactly once (of n)', value: exactlyOnce },
        { measure: 'Neon invitation POSTs (expect n)', value: posts.length },
        { measure: 'requests failed', value: failed },
      ],
    };
  } finally {
    await db.end();
  }
}
