import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually } from '../../sandbox/eventually.ts';

/** The embedded server's lock file: PostgreSQL writes its pid on the first line and removes it on a clean stop. */
export const postmasterPidFile = (dataDir: string) => path.join(dataDir, 'pg', 'postmaster.pid');

/** The pid in `<dataDir>/pg/postmaster.pid`, while the file is there. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(postmasterPidFile(dataDir), 'utf8').catch(() => undefined);
  const pid = Number(text?.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** EPERM counts as running: as root the server runs as the `postgres` user. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Until the process is gone. An orphan's parent is PID 1, which may take a moment to reap it;
 * until then its pid still answers signal 0.
 */
export async function waitUntilGone(pid: number, timeoutMs = 10_000): Promise<void> {
  await eventually(() => !isRunning(pid), timeoutMs, `process ${pid} to be gone`);
}

/** The pid of a server still running on the data directory, if any (the file may remain after a kill -9). */
export async function serverLeftOn(dataDir: string): Promise<number | undefined> {
  const pid = await postmasterPid(dataDir);
  return pid !== undefined && isRunning(pid) ? pid : undefined;
}

/** Fails unless no server is left on the data directory within the deadline. */
export async function expectNoServerOn(dataDir: string, timeoutMs = 10_000): Promise<void> {
  await eventually(
    async () => (await serverLeftOn(dataDir)) === undefined,
    timeoutMs,
    `no PostgreSQL left on ${dataDir}`,
  );
}
