/**
 * `npm run bench`: the bot against the best it could be (a bare Bolt app that only acks), in the
 * same run on the same machine. Prints one table per measure; see docs/PERFORMANCE.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config.ts';
import { startBot } from '../src/main.ts';
import { eventually } from '../test/support/eventually.ts';
import { SlackDriver } from '../test/support/slack-driver.ts';
import { CHANNELS, startStandIns } from '../test/support/stage.ts';
import { benchAck, SHAPES } from './ack.ts';
import { startBareBolt } from './bare-bolt.ts';
import { benchDatabase } from './database.ts';
import { benchPipeline, rssMiB } from './pipeline.ts';
import { benchStartup } from './startup.ts';
import { table } from './stats.ts';

const root = new URL('../', import.meta.url).pathname;
// The issue asks for 1,000; at that size the run exceeds its 5-minute budget today (docs/PERFORMANCE.md).
const PIPELINE_N = Number(process.env.BENCH_PIPELINE_N ?? 200);
const out = (s: string) => process.stdout.write(`${s}\n\n`);
const quiet = () => new Writable({ write: (_c, _e, done) => done() });

async function main(): Promise<void> {
  const began = Date.now();
  out(`neon-access-bot bench — ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  const db = await benchDatabase();
  const s = await startStandIns({ databaseUrl: db.url, env: { LOG_LEVEL: 'warn' }, emulator: { checkResponses: false } });
  let seq = 0;
  const newUsers = (n: number) =>
    Array.from({ length: n }, () => {
      const id = `UB${String(++seq).padStart(7, '0')}`;
      s.slack.addUser({ id, name: `b${seq}`, realName: `Bench ${seq}`, email: `bench${seq}@example.com` });
      return id;
    });
  try {
    // 1. Ack latency, both apps in this process, driven by the same signed-request driver.
    const loaded = loadConfig(s.env);
    if (!loaded.ok) throw new Error(loaded.error);
    const bot = await startBot(loaded.config, { logDestination: quiet(), slackClientOptions: { retryConfig: { retries: 0 } } });
    const bare = await startBareBolt({ token: s.env.SLACK_BOT_TOKEN!, signingSecret: s.signingSecret, slackApiUrl: s.slack.apiUrl });
    const driverFor = (port: number) => new SlackDriver({ botUrl: `http://127.0.0.1:${port}`, signingSecret: s.signingSecret, fake: s.slack, channelId: CHANNELS.general });
    const ackRows = await benchAck({ name: 'bare', driver: driverFor(bare.port) }, { name: 'bot', driver: driverFor(bot.port) }, newUsers);
    await Promise.all([bare.stop(), bot.stop()]);
    out(table(`1. Ack latency (${SHAPES.map((x) => x.label).join(', ')}); ratio = p99 / bare Bolt's p99 in the same shape`, ackRows));

    // 2. Pipeline, with the bot as its own process on a database of its own (the ack section's
    // 1,700 requests and their jobs stay behind); 3. its RSS against a bare Bolt process.
    const pipelineDb = await benchDatabase();
    const pipeline = await benchPipeline({ ...s, env: { ...s.env, DATABASE_URL: pipelineDb.url } }, pipelineDb.url, PIPELINE_N, newUsers);
    out(table(`2. Pipeline: ${PIPELINE_N} requests created → approved → executed (real database, Neon emulator)`, pipeline.rows));
    const botRss = await rssMiB(pipeline.botPid);
    await pipeline.bot.terminate();

    const bareProc = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-bolt.ts'], { cwd: root, env: { ...process.env, ...s.env } as NodeJS.ProcessEnv });
    let barePort = 0;
    bareProc.stdout.on('data', (d: Buffer) => (barePort ||= Number(/"port":(\d+)/.exec(d.toString())?.[1] ?? 0)));
    await eventually(() => barePort > 0, 20_000, 'the bare Bolt process');
    const bareDriver = driverFor(barePort);
    for (const u of newUsers(PIPELINE_N)) await bareDriver.command(u, 'help');
    const bareRss = await rssMiB(bareProc.pid!);
    bareProc.kill('SIGTERM');
    out(table('3. Memory (RSS) after the same number of interactions', [
      { process: 'bare Bolt (acks only)', rss_mib: bareRss, ratio: 1 },
      { process: `bot after the ${PIPELINE_N}-request pipeline`, rss_mib: botRss, ratio: botRss / bareRss },
    ]));

    // 4. Start-up of the production build.
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root });
    out(table('4. Start-up: `node dist/cli.js start` to /readyz 200 (3 runs each)', await benchStartup(s.env, pipelineDb.url)));
    await pipelineDb.drop();
    out(`bench finished in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    await s.close();
    await db.drop();
  }
}

await main();
