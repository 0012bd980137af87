/**
 * `npm run bench`: the bot against the best it could be (a bare Bolt app that only acks), in the
 * same run on the same machine. Prints one table per measure; see docs/PERFORMANCE.md.
 * `npm run bench -- pipeline` runs some sections only (ack, pipeline, startup, recovery, scale; memory follows the pipeline).
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { eventually } from '../sandbox/eventually.ts';
import { SlackDriver } from '../sandbox/slack-driver.ts';
import { CHANNELS, type StandIns, startStandIns } from '../sandbox/stage.ts';
import { benchAck, SHAPES } from './ack.ts';
import { startBareBoltProcess } from './bare-bolt.ts';
import { runBench } from './cleanup.ts';
import { benchDatabase } from './database.ts';
import { startLoadGenerator } from './load-generator.ts';
import { benchPipeline, rssMiB, startBenchBot } from './pipeline.ts';
import { benchRecovery } from './recovery.ts';
import { benchScale } from './scale.ts';
import { benchStartup } from './startup.ts';
import { table } from './stats.ts';

const root = new URL('../', import.meta.url).pathname;
const PIPELINE_N = Number(process.env.BENCH_PIPELINE_N ?? 1000);
const IDLE_WINDOW_MS = 15_000;
/** Validating every answer (lists of 1,000+ invitations) would make the emulator the bottleneck; one in this many is. */
const RESPONSE_CHECK_EVERY = 20;
const sections = process.argv.slice(2);
/** The scale section runs only when named: it would take the whole run past ~7 minutes. */
const wanted = (name: string) => (sections.length === 0 && name !== 'scale') || sections.includes(name);
const out = (s: string) => process.stdout.write(`${s}\n\n`);

interface Bench extends StandIns {
  newUsers(n: number): string[];
  driverFor(port: number): SlackDriver;
}

/**
 * 1. Ack latency: the bot, the bare Bolt app and the load generator each a process of their own;
 * the stand-ins in this one.
 */
async function ackSection(b: Bench): Promise<void> {
  const db = await benchDatabase();
  const bot = await startBenchBot({ ...b.env, DATABASE_URL: db.url });
  try {
    const bare = await startBareBoltProcess(b.env);
    try {
      const target = (port: number) => ({ url: `http://127.0.0.1:${port}`, driver: b.driverFor(port) });
      const load = startLoadGenerator();
      const settling = { ...target(bot.port), settle: (commands: number) => settled(b, db.url, commands) };
      const rows = await benchAck(load, target(bare.port), settling, b.newUsers).finally(() => load.stop());
      out(
        table(
          `1. Ack latency (${SHAPES.map((x) => x.label).join(', ')}); ratio = p99 / bare Bolt's p99 in the same shape`,
          rows,
        ),
      );
    } finally {
      await bare.stop();
    }
  } finally {
    await bot.terminate();
    await db.drop();
  }
}

/** The bot has answered `commands` commands by response_url and has no job due or running. */
async function settled(b: Bench, databaseUrl: string, commands: number): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await eventually(
      async () => {
        if (b.slack.calls('response_url').length < commands) return false;
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now()`,
        );
        return rows[0]!.n === 0;
      },
      120_000,
      `the bot to answer ${commands} commands and run its jobs`,
    );
  } finally {
    await db.end();
  }
}

/** The V8 heap in use, from the bot's own /metrics (what is live, or garbage not yet collected). */
async function heapUsedMiB(botUrl: string): Promise<number> {
  const metrics = await (await fetch(`${botUrl}/metrics`)).text();
  return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1] ?? Number.NaN) / 2 ** 20;
}

/**
 * 2. The pipeline, with the bot as its own process on a database of its own; 3. its RSS against
 * a bare Bolt process that answered as many interactions.
 */
async function pipelineSection(b: Bench): Promise<void> {
  const db = await benchDatabase();
  try {
    const pipeline = await benchPipeline(
      { ...b, env: { ...b.env, DATABASE_URL: db.url } },
      db.url,
      PIPELINE_N,
      b.newUsers,
    );
    out(table(`2a. A burst of ${PIPELINE_N} asks, 20 at a time (real database, Neon emulator)`, pipeline.burst));
    out(
      table(
        `2b. Pipeline: the ${PIPELINE_N} requests approved → executed; floor = INSERT…COMMIT + emulator POST from a process of its own`,
        pipeline.rows,
      ),
    );
    // After the pipeline: every request done and every announcement it queued sent.
    await settled(b, db.url, 0);
    const botRss = await rssMiB(pipeline.botPid);
    const botHeap = await heapUsedMiB(pipeline.bot.url);
    // Then a fixed idle window, the measurement point where V8's memory reducer (it runs once a
    // process has been idle ~10 s) has given back what the busy heap had grown.
    await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
    const idleRss = await rssMiB(pipeline.botPid);
    const idleHeap = await heapUsedMiB(pipeline.bot.url);
    await pipeline.bot.terminate();

    const bare = await startBareBoltProcess(b.env);
    try {
      const driver = b.driverFor(bare.port);
      for (const u of b.newUsers(PIPELINE_N)) await driver.command(u, 'help');
      const bareRss = await rssMiB(bare.pid);
      out(
        table('3. Memory (RSS) after the same number of interactions', [
          { process: 'bare Bolt (ack + respond)', rss_mib: bareRss, ratio: 1, v8_heap_used_mib: '' },
          {
            process: 'bot at its busiest (peak during the pipeline)',
            rss_mib: pipeline.peakRssMiB,
            ratio: pipeline.peakRssMiB / bareRss,
            v8_heap_used_mib: '',
          },
          {
            process: `bot when the ${PIPELINE_N}-request pipeline's jobs are done`,
            rss_mib: botRss,
            ratio: botRss / bareRss,
            v8_heap_used_mib: botHeap,
          },
          {
            process: `bot after ${IDLE_WINDOW_MS / 1000} s idle`,
            rss_mib: idleRss,
            ratio: idleRss / bareRss,
            v8_heap_used_mib: idleHeap,
          },
        ]),
      );
    } finally {
      await bare.stop();
    }
  } finally {
    await db.drop();
  }
}

/** The bot's production build (dist/) and the bare app's (dist-bench/): both run as plain JavaScript. */
function build(): void {
  const tsc = (...args: string[]) =>
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, ...args], { cwd: root });
  tsc('-p', 'tsconfig.build.json');
  tsc(
    'bench/bare-bolt-app.ts',
    '--ignoreConfig',
    '--outDir',
    'dist-bench',
    '--rootDir',
    'bench',
    '--module',
    'nodenext',
    '--target',
    'es2022',
    '--skipLibCheck',
  );
}

/** 5. Recovery: a bot killed during a Neon call, and a new one finishing the request. */
async function recoverySection(b: Bench): Promise<void> {
  const db = await benchDatabase();
  try {
    out(
      table(
        '5. Recovery: SIGKILL while Neon holds the invitation POST, then a new bot process',
        await benchRecovery(b, db.url, b.newUsers),
      ),
    );
  } finally {
    await db.drop();
  }
}

/** 4. Start-up of the production build. */
async function startupSection(b: Bench): Promise<void> {
  const db = await benchDatabase();
  try {
    out(
      table(
        '4. Start-up: `node <entry> start` to /readyz 200, sources (types stripped by Node) and the tsc build (3 runs each)',
        await benchStartup(b.env, db.url),
      ),
    );
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const began = Date.now();
  out(
    `neon-access-bot bench — ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  build();
  const db = await benchDatabase();
  const s = await startStandIns({
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'warn' },
    emulator: { checkResponses: RESPONSE_CHECK_EVERY, rateLimits: true },
  });
  let seq = 0;
  const b: Bench = {
    ...s,
    newUsers: (n) =>
      Array.from({ length: n }, () => {
        const id = `UB${String(++seq).padStart(7, '0')}`;
        s.slack.addUser({ id, name: `b${seq}`, realName: `Bench ${seq}`, email: `bench${seq}@example.com` });
        return id;
      }),
    driverFor: (port) =>
      new SlackDriver({
        botUrl: `http://127.0.0.1:${port}`,
        signingSecret: s.signingSecret,
        fake: s.slack,
        channelId: CHANNELS.general,
      }),
  };
  try {
    if (wanted('ack')) await ackSection(b);
    if (wanted('pipeline')) await pipelineSection(b);
    if (wanted('startup')) await startupSection(b);
    if (wanted('recovery')) await recoverySection(b);
    if (wanted('scale'))
      out(
        table(
          '6. At scale (5,000 members, 2,000 pending invitations, 500 projects, 100,000 past requests) beside an empty org and database; p50',
          await benchScale(),
        ),
      );
    out(
      `Neon emulator: ${s.neon.contractViolations.length} answers broke the spec (one in ${RESPONSE_CHECK_EVERY} validated; every request validated)`,
    );
    out(`bench finished in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    await s.close();
    await db.drop();
  }
}

await runBench(main);
