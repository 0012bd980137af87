import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/eventually.ts';
import { useBotDirs } from '../support/bot-dir.ts';
import { BotProcess } from '../support/bot-process.ts';
import { evaluateIn, INSPECTABLE, INSPECTOR_LINE } from '../support/inspector.ts';
import { expectNoServerOn, isRunning, postmasterPid, waitUntilGone } from '../support/postmaster.ts';

/**
 * The embedded PostgreSQL is the bot's child: every way the bot process ends must stop it, or the
 * next start finds ./data held by an orphan.
 */
const t = useBotDirs();

/** Starts a bot on the directory and returns it with its server's pid. */
async function upWithServer(opts: ConstructorParameters<typeof BotProcess>[1] = {}) {
  const bot = new BotProcess(t.s.env, { cwd: t.dir.path, ...opts });
  await bot.start();
  const server = await postmasterPid(t.dir.dataDir);
  expect(server && isRunning(server)).toBe(true);
  return { bot, server: server! };
}

/** The server is gone, ./data is free, and the next start on it works. */
async function expectStoppedAndRestartable(server: number): Promise<void> {
  await waitUntilGone(server);
  await expectNoServerOn(t.dir.dataDir);
  const next = new BotProcess(t.s.env, { cwd: t.dir.path });
  await next.start();
  expect(await next.terminate()).toBe(0);
  await expectNoServerOn(t.dir.dataDir);
}

describe('signals', () => {
  it('SIGTERM: exits 0 and stops the server', async () => {
    const { bot, server } = await upWithServer();
    expect(await bot.terminate()).toBe(0);
    expect(bot.stderr).toEqual([]);
    await expectStoppedAndRestartable(server);
  });

  it('SIGINT to the bot alone: exits 0 and stops the server', async () => {
    const { bot, server } = await upWithServer();
    expect(await bot.interrupt()).toBe(0);
    await expectStoppedAndRestartable(server);
  });

  it('Ctrl-C in a terminal (SIGINT to the bot and the server alike): exits 0', async () => {
    const { bot, server } = await upWithServer({ ownGroup: true });
    expect(await bot.interrupt()).toBe(0);
    await expectStoppedAndRestartable(server);
  });

  it('SIGTERM while it is still starting: the server it started is stopped too', async () => {
    const bot = new BotProcess(t.s.env, { cwd: t.dir.path });
    const exited = bot.run();
    const server = await eventually(() => postmasterPid(t.dir.dataDir), 20_000, 'the server to start');
    expect(await bot.terminate()).toBe(0);
    expect(await exited).toBe(0);
    await expectStoppedAndRestartable(server);
  });
});

function jsonLine(line: string): { level?: number; err?: { stack?: string } } | undefined {
  try {
    return JSON.parse(line) as { level?: number; err?: { stack?: string } };
  } catch {
    return undefined;
  }
}

describe('a crash after start', () => {
  it.each([
    ['an uncaught exception', `setTimeout(() => { throw new Error('a bug nobody caught') }); undefined`],
    ['an unhandled rejection', `setTimeout(() => { Promise.reject(new Error('a bug nobody caught')) }); undefined`],
  ])('%s: one line, exit 1, the server stopped', async (_what, expression) => {
    const { bot, server } = await upWithServer({ nodeArgs: INSPECTABLE });
    await evaluateIn(bot, expression);
    expect(await bot.waitForExit()).toBe(1);
    expect(bot.stderr.filter((l) => !INSPECTOR_LINE.test(l))).toEqual(['neon-access-bot: a bug nobody caught']);
    // The stack is for the JSON log, not the terminal.
    const fatal = bot.lines.map(jsonLine).find((l) => l?.level === 60);
    expect(fatal?.err?.stack).toContain('a bug nobody caught');
    await expectStoppedAndRestartable(server);
  });
});
