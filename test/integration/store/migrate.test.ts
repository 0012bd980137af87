import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, migrationsApplied } from '../../../src/store/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
});
afterAll(() => db.drop());

it('two processes migrating at once do not collide: one applies, the other waits and finds nothing to do', async () => {
  expect(await migrationsApplied(db.pool)).toBe(false);
  const [a, b, c] = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
  const runs = [a, b, c].sort((x, y) => x.length - y.length);
  expect(runs).toEqual([[], [], files.sort()]);
  expect(await migrationsApplied(db.pool)).toBe(true);
  expect(await migrate(db.url)).toEqual([]);
});
