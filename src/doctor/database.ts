import { OperatorError } from '../operator-error.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrationsApplied } from '../store/migrate.ts';
import { fail, ok, reasonOf, type Check } from './checklist.ts';

/** The database the bot would use (DATABASE_URL, else the embedded one under ./data), and its migrations. */
export async function checkDatabase(databaseUrl: string | undefined): Promise<Check[]> {
  const checks: Check[] = [];
  let step = 'Database';
  let db: Database | undefined;
  try {
    db = await openDatabase({ databaseUrl, poolSize: 1 });
    await db.pool.query('SELECT 1');
    checks.push(ok(step, db.kind === 'external' ? 'reachable (DATABASE_URL)' : 'reachable (embedded, ./data)'));
    step = 'Migrations';
    const applied = await migrationsApplied(db.pool);
    checks.push(applied ? ok(step, 'all applied') : fail(step, 'some are not applied: run `npm run migrate`'));
    return checks;
  } catch (err) {
    // ./data held by another server is not unreachable: the line says what to do.
    if (err instanceof OperatorError) return [...checks, fail(step, err.message)];
    return [...checks, fail(step, step === 'Database' ? `unreachable: ${reasonOf(err)}` : reasonOf(err))];
  } finally {
    await db?.close().catch(() => undefined);
  }
}
