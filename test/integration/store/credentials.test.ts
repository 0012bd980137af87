import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealedBox } from '../../../src/crypto/sealed.ts';
import { CredentialStore } from '../../../src/store/credentials.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let store: CredentialStore;
const box = new SealedBox(randomBytes(32));
const newKey = () => `napi_${randomBytes(32).toString('hex')}`;
const save = (slackUserId: string, key: string) =>
  store.save({ slackUserId, key, neonUserId: `neon-${slackUserId}`, neonEmail: `${slackUserId}@example.com` });

beforeAll(async () => {
  db = await createTestDatabase();
  store = new CredentialStore(db.pool, box);
});
afterAll(() => db.drop());

describe('CredentialStore', () => {
  it('stores only the sealed key, bound to its owner', async () => {
    const key = newKey();
    expect(await save('UONE', key)).toMatchObject({ slackUserId: 'UONE', status: 'active', invalidatedAt: null });
    const { rows } = await db.pool.query('SELECT sealed_key FROM admin_credentials WHERE slack_user_id = $1', ['UONE']);
    expect(rows[0].sealed_key).not.toContain(key);
    expect(box.open(rows[0].sealed_key, 'UONE')).toBe(key);
    expect(await store.activeKey('UONE')).toEqual({ ok: true, key });

    // Copied into another person's row, it does not open.
    await save('UTWO', newKey());
    await db.pool.query('UPDATE admin_credentials SET sealed_key = $1 WHERE slack_user_id = $2', [
      rows[0].sealed_key,
      'UTWO',
    ]);
    expect(await store.activeKey('UTWO')).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('invalidates only the key that Neon refused, not one connected since', async () => {
    const old = newKey();
    await save('UTHREE', old);
    const fresh = newKey();
    await save('UTHREE', fresh);
    expect(await store.invalidate('UTHREE', old)).toBe(false);
    expect(await store.activeKey('UTHREE')).toEqual({ ok: true, key: fresh });

    expect(await store.invalidate('UTHREE', fresh)).toBe(true);
    expect(await store.invalidate('UTHREE', fresh)).toBe(false);
    expect(await store.activeKey('UTHREE')).toEqual({ ok: false, reason: 'none' });
    expect((await store.get('UTHREE'))?.invalidatedAt).toBeInstanceOf(Date);

    // Reconnecting makes it active again.
    await save('UTHREE', newKey());
    expect(await store.get('UTHREE')).toMatchObject({ status: 'active', invalidatedAt: null });
  });

  it('removes a key once', async () => {
    await save('UFOUR', newKey());
    expect(await store.remove('UFOUR')).toBe(true);
    expect(await store.remove('UFOUR')).toBe(false);
    expect(await store.get('UFOUR')).toBeUndefined();
  });

  it('without BOT_ENCRYPTION_KEY stores nothing and opens nothing', async () => {
    const bare = new CredentialStore(db.pool, undefined);
    expect(bare.canSeal).toBe(false);
    await expect(
      bare.save({ slackUserId: 'UFIVE', key: newKey(), neonUserId: 'n', neonEmail: 'e@example.com' }),
    ).rejects.toThrow(/BOT_ENCRYPTION_KEY/);
    await save('USIX', newKey());
    expect(await bare.activeKey('USIX')).toEqual({ ok: false, reason: 'unreadable' });
  });
});
