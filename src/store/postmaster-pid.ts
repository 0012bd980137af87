import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OperatorError } from '../operator-error.ts';

/** One server per data directory: a live one is named and left alone (another would only fail on its lock). */
export async function refuseIfInUse(clusterDir: string, shownAs: string): Promise<void> {
  const pid = await liveHolderOf(clusterDir);
  if (pid !== undefined) {
    throw new OperatorError(
      `${shownAs} is in use by PostgreSQL pid ${pid} (another neon-access-bot?): stop it, or set DATABASE_URL`,
    );
  }
}

/**
 * The live process holding a PostgreSQL data directory, if any. The server writes its pid on the
 * first line of postmaster.pid and removes the file on a clean stop; after a kill -9 the file
 * stays behind with a dead pid, which PostgreSQL itself then replaces.
 */
async function liveHolderOf(clusterDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number(text?.split('\n')[0]);
  // Our own pid in the file is a dead server's, reused (containers hand out the same few pids).
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return isAlive(pid) ? pid : undefined;
}

/**
 * Signal 0 only asks. EPERM is alive too: another user's process, such as the server a root run
 * left behind, which runs as the `postgres` user.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
