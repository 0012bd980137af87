import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Database, EMBEDDED_DB_NAME, withPool } from './database.ts';
import { embeddedUrl, startEmbeddedPostgres } from './embedded.ts';
import { liveServerOf } from './postmaster-pid.ts';

/** Where the bot keeps its embedded database without DATABASE_URL: ./data of the directory it runs in. */
export const BOT_DATA_DIR = 'data';

export type ExistingEmbedded =
  /** `joined`: the server was already running (the bot's); else it was started here and close() stops it. */
  { ok: true; db: Database; joined: boolean } | { ok: false; problem: string };

/**
 * The bot's embedded database under `dataDir`, for commands that read it (audit, doctor). It is
 * never created: no cluster is initialised, no database made. While the bot runs, its server is
 * joined at the port it wrote down; while the bot is stopped, the server is started for this
 * caller alone (PostgreSQL's own lock file keeps a second server off the same data).
 */
export async function openExistingEmbedded(dataDir: string, poolSize = 2): Promise<ExistingEmbedded> {
  const clusterDir = path.join(dataDir, 'pg');
  if (!existsSync(path.join(clusterDir, 'PG_VERSION')))
    return { ok: false, problem: `there is no embedded database in ${dataDir}` };
  const password = (await readFile(path.join(dataDir, 'superuser-password'), 'utf8')).trim();
  const port = (await liveServerOf(clusterDir))?.port;
  if (port !== undefined && Number.isInteger(port) && port > 0) {
    return {
      ok: true,
      joined: true,
      db: withPool(embeddedUrl(password, port, EMBEDDED_DB_NAME), 'embedded', { poolSize }, async () => undefined),
    };
  }
  const server = await startEmbeddedPostgres({ dataDir, persistent: true });
  return {
    ok: true,
    joined: false,
    db: withPool(server.url(EMBEDDED_DB_NAME), 'embedded', { poolSize }, () => server.stop()),
  };
}
