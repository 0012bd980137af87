import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type StandIns, startStandIns } from '../../sandbox/stage.ts';
import { serverLeftOn, waitUntilGone } from './postmaster.ts';

export interface BotDir {
  /** Where the bot runs. */
  path: string;
  /** Its embedded database: `./data` seen from there. */
  dataDir: string;
  /** Stops a server a failed test left behind (by its pid), then deletes the directory. */
  remove(): Promise<void>;
}

/** A directory of its own to run the bot in, so its `./data` is a fresh embedded database. */
export async function botDir(): Promise<BotDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nab-bot-'));
  // mkdtemp makes it 0700; as root the server runs as a separate postgres user that must enter it.
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  return {
    path: dir,
    dataDir,
    async remove() {
      const left = await serverLeftOn(dataDir);
      if (left !== undefined) {
        process.kill(left, 'SIGINT'); // PostgreSQL's fast shutdown
        await waitUntilGone(left).catch(() => process.kill(left, 'SIGKILL'));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a file of bot-process tests: the stand-ins for the whole file (no DATABASE_URL, so each bot
 * starts the embedded server), and a fresh directory for each test, removed after it.
 */
export function useBotDirs(): { readonly s: StandIns; readonly dir: BotDir } {
  const held = {} as { s: StandIns; dir: BotDir };
  beforeAll(async () => {
    held.s = await startStandIns({});
  });
  afterAll(async () => {
    await held.s?.close();
  });
  beforeEach(async () => {
    held.dir = await botDir();
  });
  afterEach(async () => {
    await held.dir?.remove();
  });
  return held;
}
