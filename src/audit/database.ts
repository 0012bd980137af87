import path from 'node:path';
import { loadVariables } from '../config.ts';
import { describeError } from '../log/describe-error.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { BOT_DATA_DIR, openExistingEmbedded } from '../store/embedded-existing.ts';

export type AuditDatabase = { ok: true; db: Database } | { ok: false; error: string };

function noDatabase(command: string): string {
  return [
    `${command}: DATABASE_URL is not set; audit reads the bot's database and never starts one of its own.`,
    `  Point it at the bot's database:  DATABASE_URL=postgres://… npm run ${command.replace(' ', ' -- ')}`,
    `  Or, for the embedded database the bot keeps in ./data when it runs without DATABASE_URL, from the bot's directory:  npm run ${command.replace(' ', ' -- ')} --embedded`,
  ].join('\n');
}

/**
 * The database to audit, reachable, or the line(s) saying why not. Only DATABASE_URL is read; a
 * database is never created: without DATABASE_URL, only `--embedded` opens the bot's ./data
 * (`dataDir` is then `data`), or `--data-dir` another embedded one.
 */
export async function openAuditDatabase(
  env: NodeJS.ProcessEnv,
  dataDir: string | undefined,
  command: string,
): Promise<AuditDatabase> {
  const embedded = dataDir !== undefined;
  const shown = dataDir === BOT_DATA_DIR ? './data' : dataDir;
  const loaded = loadVariables(env, ['DATABASE_URL']);
  if (!loaded.ok) return { ok: false, error: loaded.message };
  const databaseUrl = loaded.values.DATABASE_URL;
  if (embedded && databaseUrl)
    return {
      ok: false,
      error: `${command}: ${dataDir === BOT_DATA_DIR ? '--embedded' : '--data-dir'} reads ${shown}, but DATABASE_URL names a database too: unset one of them`,
    };
  if (!embedded && !databaseUrl) return { ok: false, error: noDatabase(command) };
  let db: Database | undefined;
  try {
    if (databaseUrl) {
      db = await openDatabase({ databaseUrl, poolSize: 2 });
    } else {
      const found = await openExistingEmbedded(path.resolve(dataDir!));
      if (!found.ok)
        return {
          ok: false,
          error: `${command}: ${found.problem}: ${dataDir === BOT_DATA_DIR ? 'run it from the directory the bot runs in' : 'check the folder --data-dir names'}, or set DATABASE_URL`,
        };
      db = found.db;
    }
    await db.pool.query('SELECT 1');
    return { ok: true, db };
  } catch (err) {
    await db?.close().catch(() => undefined);
    const where = databaseUrl ? 'DATABASE_URL' : `the embedded database in ${shown}`;
    return { ok: false, error: `${command}: could not reach ${where}: ${describeError(err)}` };
  }
}
