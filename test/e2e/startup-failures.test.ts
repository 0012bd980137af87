import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newAppToken } from '../../sandbox/stage.ts';
import { useBotDirs } from '../support/bot-dir.ts';
import { BotProcess } from '../support/bot-process.ts';
import { expectNoServerOn } from '../support/postmaster.ts';

/**
 * A start that cannot succeed, as the operator sees it: one line on stderr, a non-zero exit, and
 * no embedded PostgreSQL left running on ./data, so that fixing the cause is all the next start needs.
 */
const t = useBotDirs();

const serverStarted = (bot: BotProcess) =>
  bot.lines.some((l) => l.includes('database system is ready to accept connections'));

/** After the failed start: nothing left on ./data, and the same directory starts and stops cleanly. */
async function expectCleanRestart(bot: BotProcess): Promise<void> {
  await expectNoServerOn(t.dir.dataDir);
  await bot.start();
  expect(await bot.terminate()).toBe(0);
  await expectNoServerOn(t.dir.dataDir);
}

describe('Slack refuses a token at start', () => {
  it('SLACK_BOT_TOKEN (invalid_auth): one line, exit 2, the database stopped', async () => {
    const wrong = `xoxb-test-${randomBytes(12).toString('hex')}`;
    const bot = new BotProcess(t.s.env, { cwd: t.dir.path });
    const code = await bot.run({ SLACK_BOT_TOKEN: wrong });
    expect(bot.stderr).toEqual(['Slack refused SLACK_BOT_TOKEN (invalid_auth): run npm run doctor']);
    expect(code).toBe(2);
    expect(serverStarted(bot)).toBe(true); // so that "nothing left" below means it was stopped
    expect(bot.lines.join('\n')).not.toContain(wrong);
    await expectCleanRestart(bot);
  });

  it('SLACK_APP_TOKEN in Socket Mode (invalid_auth): one line, exit 2, the database stopped', async () => {
    const appToken = newAppToken();
    t.s.slack.failNext('apps.connections.open', { error: 'invalid_auth' });
    const bot = new BotProcess({ ...t.s.env, SLACK_APP_TOKEN: appToken }, { cwd: t.dir.path });
    const code = await bot.run();
    expect(bot.stderr).toEqual(['Slack refused SLACK_APP_TOKEN (invalid_auth): run npm run doctor']);
    expect(code).toBe(2);
    expect(serverStarted(bot)).toBe(true);
    expect(bot.lines.join('\n')).not.toContain(appToken);
    await expectCleanRestart(bot);
  });
});

describe('PostgreSQL itself refuses to start', () => {
  it('says why in one line, never "undefined"', async () => {
    const bot = new BotProcess(t.s.env, { cwd: t.dir.path });
    await bot.start();
    expect(await bot.terminate()).toBe(0);
    // A setting PostgreSQL does not know: the server exits at start with a FATAL line.
    await appendFile(path.join(t.dir.dataDir, 'pg', 'postgresql.auto.conf'), "no_such_setting = 'x'\n");
    const code = await bot.run();
    expect(code).toBe(1);
    expect(bot.stderr).toEqual([
      expect.stringMatching(
        /^neon-access-bot: PostgreSQL did not start in \.\/data: FATAL: configuration file ".*\/data\/pg\/postgresql\.auto\.conf" contains errors$/,
      ),
    ]);
    await expectNoServerOn(t.dir.dataDir);
  });
});
