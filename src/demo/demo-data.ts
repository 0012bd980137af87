import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { refuseIfInUse } from '../store/postmaster-pid.ts';

/** The demo's own embedded database, in the checkout, apart from the bot's ./data; kept after the run. */
export const DEMO_DATA_DIR = 'demo-data';

/** The folder `npm run` scripts run in: where the printed audit command finds the demo's database. */
const root = path.resolve(new URL('../../', import.meta.url).pathname);

/**
 * A fresh folder for this run's database: the last run's story is replaced, so that `audit verify`
 * afterwards checks this one. A server still running on it (another demo, an audit) is refused.
 */
export async function freshDemoData(): Promise<string> {
  const dir = path.join(root, DEMO_DATA_DIR);
  await refuseIfInUse(path.join(dir, 'pg'), `./${DEMO_DATA_DIR}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  // As root the embedded server runs as its own system user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  return dir;
}
