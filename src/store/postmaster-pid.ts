import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OperatorError } from '../operator-error.ts';

/** One server per data directory: a live one is named and left alone (another would only fail on its lock). */
export async function refuseIfInUse(clusterDir: string, shownAs: string): Promise<void> {
  const pid = (await liveServerOf(clusterDir))?.pid;
  if (pid !== undefined) {
    throw new OperatorError(
      `${shownAs} is in use by PostgreSQL pid ${pid} (another neon-access-bot?): stop it, or set DATABASE_URL`,
    );
  }
}

/**
 * The live server holding a PostgreSQL data directory, if any: its pid and port (lines 1 and 4 of
 * postmaster.pid). The server removes the file on a clean stop; after a kill -9 the file stays
 * behind with a dead pid, which PostgreSQL itself then replaces.
 */
export async function liveServerOf(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const [pid = Number.NaN, , , port = Number.NaN] = (text ?? '').split('\n').map(Number);
  // Our own pid in the file is a dead server's, reused (containers hand out the same few pids).
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return isAlive(pid) ? { pid, port } : undefined;
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
