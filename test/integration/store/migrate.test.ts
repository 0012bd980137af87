import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, migrationsApplied } from '../../../src/store/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
});
afterAll(() => db.drop());

it('two processes migrating at once do not collide: one applies, the other waits and finds nothing to do', async () => {
  expect(await migrationsApplied(db.pool)).toBe(false);
  const [a, b, c] = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
  const applied = [a, b, c].map((names) => names.length);
  expect(applied.sort()).toEqual([0, 0, 1]);
  expect(await migrationsApplied(db.pool)).toBe(true);
  expect(await migrate(db.url)).toEqual([]);
});
