import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StandIns, startStandIns } from '../../sandbox/stage.ts';
import { runCli } from '../integration/cli/run-cli.ts';
import { type BotDir, botDir } from '../support/bot-dir.ts';
import { BotProcess } from '../support/bot-process.ts';
import { expectNoServerOn, isRunning, postmasterPid, waitUntilGone } from '../support/postmaster.ts';

/**
 * ./data belongs to one server at a time. A live one (another bot, or an orphan of a bot that was
 * killed) is named and left alone; the lock file of a dead one is no obstacle.
 */
let s: StandIns;
let dir: BotDir;

beforeAll(async () => {
  s = await startStandIns({});
});
afterAll(async () => {
  await s.close();
});
beforeEach(async () => {
  dir = await botDir();
});
afterEach(async () => {
  await dir.remove();
});

const inUse = (pid: number) =>
  `./data is in use by PostgreSQL pid ${pid} (another neon-access-bot?): stop it, or set DATABASE_URL`;

async function upWithServer(bot: BotProcess): Promise<number> {
  await bot.start();
  const server = await postmasterPid(dir.dataDir);
  expect(server && isRunning(server)).toBe(true);
  return server!;
}

describe('./data held by a live server', () => {
  it('a second bot while one runs: one line naming its pid; doctor joins the running server; the bot untouched', async () => {
    const first = new BotProcess(s.env, { cwd: dir.path });
    const server = await upWithServer(first);
    const second = new BotProcess(s.env, { cwd: dir.path });
    expect(await second.run()).toBe(2);
    expect(second.stderr).toEqual([inUse(server)]);
    const doctor = await runCli(['doctor'], { ...s.env, DATABASE_URL: undefined }, { cwd: dir.path });
    expect(doctor.stdout.split('\n').find((l) => l.includes(' Database '))).toMatch(
      /^✓ Database +reachable \(embedded, \.\/data\)/,
    );
    expect(await postmasterPid(dir.dataDir)).toBe(server);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(await first.terminate()).toBe(0);
    await expectNoServerOn(dir.dataDir);
  });

  it('the orphan of a bot killed with SIGKILL: named and left running; once stopped, the next start works', async () => {
    const killed = new BotProcess(s.env, { cwd: dir.path });
    const server = await upWithServer(killed);
    await killed.kill();
    expect(isRunning(server)).toBe(true); // nothing runs in a process killed with SIGKILL
    const next = new BotProcess(s.env, { cwd: dir.path });
    expect(await next.run()).toBe(2);
    expect(next.stderr).toEqual([inUse(server)]);
    expect(isRunning(server)).toBe(true);
    process.kill(server, 'SIGTERM'); // what the line asks the operator to do
    await waitUntilGone(server);
    await next.start();
    expect(await next.terminate()).toBe(0);
    await expectNoServerOn(dir.dataDir);
  });
});

describe('a stale postmaster.pid', () => {
  it('left by a server killed with SIGKILL: the next start works', async () => {
    const bot = new BotProcess(s.env, { cwd: dir.path });
    const server = await upWithServer(bot);
    await bot.kill();
    process.kill(server, 'SIGKILL');
    await waitUntilGone(server);
    expect(await postmasterPid(dir.dataDir)).toBe(server); // the lock file outlived its server
    await bot.start();
    expect(await bot.terminate()).toBe(0);
    await expectNoServerOn(dir.dataDir);
  });
});
