import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { eventually } from '../sandbox/eventually.ts';
import { SlackDriver } from '../sandbox/slack-driver.ts';
import { CHANNELS, type StandIns } from '../sandbox/stage.ts';
import { BotProcess } from '../test/support/bot-process.ts';
import { APPROVALS_PER_APPROVER_PER_SECOND, connectApprovers, newApprovers } from './approvers.ts';
import { onCleanup } from './cleanup.ts';
import { measureFloor } from './floor.ts';
import { neonCalls } from './neon-calls.ts';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from './node-flags.ts';
import { percentile, type Row, withCpuShare } from './stats.ts';

export const APPROVALS_PER_SECOND = Number(process.env.BENCH_APPROVALS_PER_SECOND ?? 10);
/** Enough approvers, each with their own Neon key, that no key goes over its share of the rate limit. */
const APPROVERS = Math.ceil(APPROVALS_PER_SECOND / APPROVALS_PER_APPROVER_PER_SECOND);

export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/**
 * The bot as a process of its own, from its build, at the production log level (info; its
 * start-up line carries the port). BENCH_BOT_NODE_ARGS adds node flags, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 */
export async function startBenchBot(env: Record<string, string | undefined>): Promise<BotProcess> {
  const extra = process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const bot = new BotProcess(
    { ...env, ...PRODUCTION_ENV, LOG_LEVEL: 'info' },
    { built: true, nodeArgs: [...PRODUCTION_NODE_FLAGS, ...extra] },
  );
  // Stopped with the rest if the bench fails or is interrupted; SIGKILL if it hangs on the way out.
  onCleanup(async () => {
    const timer = setTimeout(() => void bot.kill(), 15_000);
    await bot.terminate();
    clearTimeout(timer);
  });
  await bot.start();
  return bot;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

export interface PipelineResult {
  /** The burst of asks: errors, Neon calls, the bench's own CPU. */
  burst: Row[];
  /** Approvals at a steady rate: latency to the POST, against the floor. */
  rows: Row[];
  /** The bot's RSS at its busiest moment (sampled every 250 ms). */
  peakRssMiB: number;
  botPid: number;
  bot: BotProcess;
}

/** The highest RSS of `pid` while `fn` runs. */
async function peakRss<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = await rssMiB(pid);
  const timer = setInterval(
    () =>
      void rssMiB(pid).then(
        (r) => (peak = Math.max(peak, r)),
        () => undefined,
      ),
    250,
  );
  try {
    return { result: await fn(), peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * N asks in a burst (20 at a time), then approved → executed by the real bot process against the
 * Neon emulator and a real database. Latency is from the approve click leaving the driver to the
 * POST reaching Neon, as a ratio to the floor (bench/floor.ts) measured in the same run.
 */
export async function benchPipeline(
  s: StandIns,
  databaseUrl: string,
  n: number,
  newUsers: (n: number) => string[],
): Promise<PipelineResult> {
  const approvers = newApprovers(s, APPROVERS);
  const bot = await startBenchBot({
    ...s.env,
    REQUEST_TTL: '24h',
    APPROVER_SLACK_IDS: [s.env.APPROVER_SLACK_IDS, ...approvers.ids].join(','),
  });
  const driver = new SlackDriver({
    botUrl: bot.url,
    signingSecret: s.signingSecret,
    fake: s.slack,
    channelId: CHANNELS.general,
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await connectApprovers(s, driver, approvers.keys);
    const connected = (
      await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_credentials WHERE status = 'active'`)
    ).rows[0]!.n;
    if (connected !== APPROVERS) throw new Error(`${connected} of ${APPROVERS} approvers' keys connected`);
    const users = newUsers(n);
    const emails = users.map((u) => s.slack.user(u)!.email!.toLowerCase());
    const count = async (status: string) =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM requests WHERE status = $1 AND reason = 'pipeline'`,
          [status],
        )
      ).rows[0]!.n;
    // The cards as the bot stored them (polling the fake's rendered messages would load this process).
    const cardsOf = () =>
      db.query<{ channel: string; ts: string; email: string }>(
        `SELECT c.channel, c.ts, r.requester_email AS email FROM request_cards c JOIN requests r ON r.id = c.request_id WHERE r.reason = 'pipeline'`,
      );
    const slackCallsBefore = s.slack.calls().length;
    const neonBefore = s.neon.requests.length;

    const asked = await peakRss(bot.pid, () =>
      withCpuShare(async () => {
        const started = Date.now();
        await pool(users, 20, async (u) => {
          const res = await driver.command(u, 'invite member pipeline');
          if (res.status !== 200) throw new Error(`ask answered ${res.status}`);
        });
        const acked = (Date.now() - started) / 1000;
        await eventually(async () => (await count('pending')) === n, 300_000, `${n} pending requests`).catch(
          (err: unknown) => {
            throw new Error(`${String(err)}\nthe bot's last warnings:\n${warnings(bot).slice(-5).join('\n')}`);
          },
        );
        await eventually(async () => (await cardsOf()).rows.length === n, 600_000, `${n} cards`);
        return { acked, carded: (Date.now() - started) / 1000 };
      }),
    );
    const errorReplies = s.slack
      .calls()
      .slice(slackCallsBefore)
      .filter((c) => JSON.stringify(c.args).includes('Something went wrong')).length;
    const neonAfterAsks = s.neon.requests.length;
    const burst: Row[] = [
      { measure: 'asks sent (20 at a time)', value: n },
      { measure: 'requests created', value: await count('pending') },
      { measure: '"Something went wrong" replies', value: errorReplies },
      { measure: 'bot log lines at error level', value: warnings(bot).filter((l) => /"level":(50|60)/.test(l)).length },
      { measure: 'seconds until every ask was acked', value: asked.result.result.acked },
      { measure: 'seconds until every card was posted', value: asked.result.result.carded },
      { measure: "the bench process's CPU share (1 = one core)", value: asked.result.cpuShare },
      ...neonCalls(s.neon.requests, neonBefore, neonAfterAsks, n)
        .slice(0, 2)
        .map((r) => ({
          ...r,
          measure: `asks: ${r.measure}`,
        })),
    ];
    const cards = (await cardsOf()).rows;

    // Approvals arrive at a steady rate, as people click: a latency measured past saturation would
    // only measure the queue. They take turns among the approvers, each acting with their own key.
    const clickedAt = new Map<string, number>();
    const approved = await peakRss(bot.pid, () =>
      withCpuShare(async () => {
        const started = Date.now();
        let i = 0;
        await pool(cards, 20, async (card) => {
          const turn = i++;
          const due = started + (turn * 1000) / APPROVALS_PER_SECOND;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
          clickedAt.set(card.email, Date.now());
          const res = await driver.blockAction(approvers.ids[turn % APPROVERS]!, {
            actionId: 'approve_request',
            message: { channel: card.channel, ts: card.ts },
          });
          if (res.status !== 200) throw new Error(`approve answered ${res.status}`);
        });
        await eventually(async () => (await count('done')) === n, 600_000, `${n} requests done`);
        return (Date.now() - started) / 1000;
      }),
    );
    const seconds = approved.result.result;
    const neonAfterApprovals = s.neon.requests.length;

    const posts = s.neon.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/invitations') && r.status === 200,
    );
    const postedAt = new Map(
      posts.map((p) => [
        (p.body as { invitations: { email: string }[] }).invitations[0]!.email.toLowerCase(),
        Date.parse(p.at),
      ]),
    );
    const latencies = [...postedAt].flatMap(([email, at]) =>
      clickedAt.has(email) ? [at - clickedAt.get(email)!] : [],
    );
    const steps = await breakdown(db, clickedAt, postedAt);
    // What the approver sees: the card's first edit after the click, as the fake Slack recorded it.
    const cardUpdated = cards.flatMap((c) => {
      const clicked = clickedAt.get(c.email);
      const edit = s.slack.message(c.channel, c.ts)?.history.find((h) => clicked !== undefined && h.at >= clicked);
      return clicked !== undefined && edit ? [edit.at - clicked] : [];
    });
    const perEmail = new Map<string, number>();
    for (const i of s.neon.invitations())
      perEmail.set(i.email.toLowerCase(), (perEmail.get(i.email.toLowerCase()) ?? 0) + 1);
    const exactlyOnce = emails.filter((e) => perEmail.get(e) === 1).length;
    const failed = await count('failed');
    // After the approvals, so its invitations are not in the lists the bot reads.
    const floor = await measureFloor({
      databaseUrl,
      neonUrl: s.env.NEON_API_URL!,
      orgId: s.neon.orgId,
      key: s.adminKey,
      n: 200,
      perSecond: APPROVALS_PER_SECOND,
    });
    const p99 = percentile(latencies, 99);
    return {
      bot,
      botPid: bot.pid,
      peakRssMiB: Math.max(asked.peak, approved.peak),
      burst,
      rows: [
        { measure: 'requests approved and executed', value: n },
        { measure: `approvals offered per second`, value: APPROVALS_PER_SECOND },
        { measure: 'approvers taking turns, each with their own connected Neon key', value: APPROVERS },
        { measure: 'throughput (approvals done per second)', value: n / seconds },
        { measure: 'floor: INSERT…COMMIT + emulator POST p50 (ms)', value: percentile(floor, 50) },
        { measure: 'floor: INSERT…COMMIT + emulator POST p99 (ms)', value: percentile(floor, 99) },
        { measure: 'approve click → Neon POST p50 (ms)', value: percentile(latencies, 50) },
        { measure: 'approve click → Neon POST p99 (ms)', value: p99 },
        { measure: 'approve → POST p99 / floor p99 (target ≤ 4)', value: p99 / percentile(floor, 99) },
        { measure: 'approve click → card edited p50 (ms)', value: percentile(cardUpdated, 50) },
        { measure: 'approve click → card edited p99 (ms)', value: percentile(cardUpdated, 99) },
        ...steps.flatMap(([step, xs]) =>
          [50, 99].map((p) => ({ measure: `  of which ${step} p${p} (ms)`, value: percentile(xs, p) })),
        ),
        { measure: 'invited exactly once (of n)', value: exactlyOnce },
        { measure: 'Neon invitation POSTs (expect n)', value: posts.length },
        { measure: 'requests failed', value: failed },
        { measure: "the bench process's CPU share (1 = one core)", value: approved.result.cpuShare },
        ...neonCalls(s.neon.requests, neonAfterAsks, neonAfterApprovals, n)
          .slice(0, 2)
          .map((r) => ({
            ...r,
            measure: `approvals: ${r.measure}`,
          })),
        ...neonCalls(s.neon.requests, neonBefore, neonAfterApprovals, n).map((r) => ({
          ...r,
          measure: `whole pipeline: ${r.measure}`,
        })),
      ],
    };
  } finally {
    await db.end();
  }
}

/** The bot's lines at warn level or above. */
const warnings = (bot: BotProcess) => bot.lines.filter((l) => /"level":(40|50|60)/.test(l));

/**
 * Where the click → POST time goes, from the events' own timestamps (taken just before each
 * transaction commits): the decision's transaction, then the wait for an execute worker to
 * fetch the job and commit its `start`, then the look-before-create reads and the POST itself.
 */
async function breakdown(
  db: pg.Pool,
  clickedAt: Map<string, number>,
  postedAt: Map<string, number>,
): Promise<[string, number[]][]> {
  const { rows } = await db.query<{ email: string; approved: Date; started: Date }>(
    `SELECT r.requester_email AS email, a.at AS approved, s.at AS started
       FROM requests r
       JOIN request_events a ON a.request_id = r.id AND a.event = 'approve'
       JOIN request_events s ON s.request_id = r.id AND s.event = 'start'
      WHERE r.reason = 'pipeline'`,
  );
  return [
    ['click → decision stored', rows.map((r) => r.approved.getTime() - clickedAt.get(r.email.toLowerCase())!)],
    ['decision → execution started', rows.map((r) => r.started.getTime() - r.approved.getTime())],
    ['execution started → Neon POST', rows.map((r) => postedAt.get(r.email.toLowerCase())! - r.started.getTime())],
  ];
}
