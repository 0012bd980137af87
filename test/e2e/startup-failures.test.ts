import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotProcess } from '../support/bot-process.ts';
import { botDir, type BotDir } from '../support/bot-dir.ts';
import { expectNoServerOn } from '../support/postmaster.ts';
import { startStandIns, type StandIns } from '../support/stage.ts';

/**
 * A start that cannot succeed, as the operator sees it: one line on stderr, a non-zero exit, and
 * no embedded PostgreSQL left running on ./data, so that fixing the cause is all the next start needs.
 */
let s: StandIns;
let dir: BotDir;

beforeAll(async () => {
  // No DATABASE_URL: each bot starts the embedded server in its own directory.
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

describe('PostgreSQL itself refuses to start', () => {
  it('says why in one line, never "undefined"', async () => {
    const bot = new BotProcess(s.env, { cwd: dir.path });
    await bot.start();
    expect(await bot.terminate()).toBe(0);
    // A setting PostgreSQL does not know: the server exits at start with a FATAL line.
    await appendFile(path.join(dir.dataDir, 'pg', 'postgresql.auto.conf'), "no_such_setting = 'x'\n");
    const code = await bot.run();
    expect(code).toBe(1);
    expect(bot.stderr).toEqual([
      expect.stringMatching(/^neon-access-bot: PostgreSQL did not start in \.\/data: FATAL: configuration file ".*\/data\/pg\/postgresql\.auto\.conf" contains errors$/),
    ]);
    await expectNoServerOn(dir.dataDir);
  });
});
