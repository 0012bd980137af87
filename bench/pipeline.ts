import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { BotProcess } from '../test/support/bot-process.ts';
import { eventually } from '../test/support/eventually.ts';
import { SlackDriver } from '../test/support/slack-driver.ts';
import { CHANNELS, PEOPLE, type StandIns } from '../test/support/stage.ts';
import { percentile, type Row } from './stats.ts';

export const APPROVALS_PER_SECOND = Number(process.env.BENCH_APPROVALS_PER_SECOND ?? 10);

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
  const bot = new BotProcess({ ...s.env, LOG_LEVEL: 'info', REQUEST_TTL: '24h' }, process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean));
  await bot.start();
  const driver = new SlackDriver({ botUrl: bot.url, signingSecret: s.signingSecret, fake: s.slack, channelId: CHANNELS.general });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const users = newUsers(n);
    const emails = users.map((u) => s.slack.user(u)!.email!.toLowerCase());
    await pool(users, 20, async (u) => {
      const res = await driver.command(u, 'invite member pipeline');
      if (res.status !== 200) throw new Error(`ask answered ${res.status}`);
    });
    const count = async (status: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE status = $1 AND reason = 'pipeline'`, [status])).rows[0]!.n;
    await eventually(async () => (await count('pending')) === n, 600_000, `${n} pending requests`);
    // The cards as the bot stored them (polling the fake's rendered messages would load this process).
    const cardsOf = () =>
      db.query<{ channel: string; ts: string; email: string }>(
        `SELECT c.channel, c.ts, r.requester_email AS email FROM request_cards c JOIN requests r ON r.id = c.request_id WHERE r.reason = 'pipeline'`,
      );
    await eventually(async () => (await cardsOf()).rows.length === n, 600_000, `${n} cards`);
    const cards = (await cardsOf()).rows;

    // Approvals arrive at a steady rate, as people click: a latency measured past saturation would
    // only measure the queue. Neon itself allows ~700 requests/min per account (3 per invitation).
    const clickedAt = new Map<string, number>();
    const started = Date.now();
    let i = 0;
    await pool(cards, 20, async (card) => {
      const due = started + (i++ * 1000) / APPROVALS_PER_SECOND;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      clickedAt.set(card.email, Date.now());
      const res = await driver.blockAction(PEOPLE.admin.id, { actionId: 'approve_request', message: { channel: card.channel, ts: card.ts } });
      if (res.status !== 200) throw new Error(`approve answered ${res.status}`);
    });
    await eventually(async () => (await count('done')) === n, 600_000, `${n} requests done`);
    const seconds = (Date.now() - started) / 1000;

    const posts = s.neon.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invitations') && r.status === 200);
    const latencies = posts.map((p) => Date.parse(p.at) - clickedAt.get((p.body as { invitations: { email: string }[] }).invitations[0]!.email.toLowerCase())!);
    const perEmail = new Map<string, number>();
    for (const i of s.neon.invitations()) perEmail.set(i.email.toLowerCase(), (perEmail.get(i.email.toLowerCase()) ?? 0) + 1);
    const exactlyOnce = emails.filter((e) => perEmail.get(e) === 1).length;
    const failed = await count('failed');
    return {
      bot,
      botPid: bot.pid,
      rows: [
        { measure: 'requests approved and executed', value: n },
        { measure: `approvals offered per second`, value: APPROVALS_PER_SECOND },
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
