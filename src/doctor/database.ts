import path from 'node:path';
import { describeError } from '../log/describe-error.ts';
import { OperatorError } from '../operator-error.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { BOT_DATA_DIR, openExistingEmbedded } from '../store/embedded-existing.ts';
import { migrationsApplied } from '../store/migrate.ts';
import { type Check, fail, ok, warn } from './checklist.ts';

/**
 * The database the bot would use (DATABASE_URL, else the embedded one under ./data), and its
 * migrations. Checking creates nothing: an embedded database that does not exist yet is the bot's
 * to make at its first start.
 */
export async function checkDatabase(databaseUrl: string | undefined): Promise<Check[]> {
  const checks: Check[] = [];
  let step = 'Database';
  let db: Database | undefined;
  try {
    if (databaseUrl) {
      db = await openDatabase({ databaseUrl, poolSize: 1 });
    } else {
      const found = await openExistingEmbedded(path.resolve(BOT_DATA_DIR), 1);
      if (!found.ok)
        return [warn(step, `no DATABASE_URL, and ${found.problem} yet: the bot makes one there at its first start`)];
      db = found.db;
    }
    await db.pool.query('SELECT 1');
    checks.push(ok(step, db.kind === 'external' ? 'reachable (DATABASE_URL)' : 'reachable (embedded, ./data)'));
    step = 'Migrations';
    const applied = await migrationsApplied(db.pool);
    checks.push(applied ? ok(step, 'all applied') : fail(step, 'some are not applied: run `npm run migrate`'));
    return checks;
  } catch (err) {
    // ./data held by another server is not unreachable: the line says what to do.
    if (err instanceof OperatorError) return [...checks, fail(step, err.message)];
    return [...checks, fail(step, step === 'Database' ? `unreachable: ${describeError(err)}` : describeError(err))];
  } finally {
    await db?.close().catch(() => undefined);
  }
}
