import type pg from 'pg';
import type { SealedBox } from '../crypto/sealed.ts';
import { withTransaction } from './transaction.ts';

/** Anything that runs SQL: the pool, or a transaction's client. */
interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount?: number | null }>;
}

export interface HeldKey {
  keyId: number;
  expiresAt: Date;
}

/** What became of a key's secret, never the secret itself. */
export type SecretState = { keyId: number; revealedAt: Date | null };

export type RevealOutcome =
  | { ok: true }
  | { ok: false; code: 'none' | 'not_held' | 'unreadable' }
  | { ok: false; code: 'expired'; expiresAt: Date }
  | { ok: false; code: 'already_shown'; revealedAt: Date };

interface Row {
  key_id: string;
  sealed: string | null;
  expires_at: Date;
  revealed_at: Date | null;
}

/**
 * The secret of each project key the bot created, held sealed until its requester reveals it,
 * and for at most the hold time. Sealing and opening happen here only, so the secret exists in
 * clear just in memory: from Neon's answer to this store, and from here to the reveal modal.
 */
export class KeySecrets {
  private readonly pool: pg.Pool;
  /** Absent when BOT_ENCRYPTION_KEY is unset: no key request can then be carried out. */
  private readonly box: SealedBox | undefined;

  constructor(pool: pg.Pool, box: SealedBox | undefined) {
    this.pool = pool;
    this.box = box;
  }

  get canSeal(): boolean {
    return this.box !== undefined;
  }

  /** Stores (or replaces, on a retry) the request's key and secret; `within` commits with it. */
  async hold(
    input: { requestId: string; keyId: number; secret: string; expiresAt: Date },
    within?: (tx: pg.PoolClient) => Promise<void>,
  ): Promise<void> {
    const box = this.box;
    if (!box) throw new Error('BOT_ENCRYPTION_KEY is not set: a project key secret cannot be held');
    await withTransaction(this.pool, async (tx) => {
      await tx.query(
        `INSERT INTO key_secrets (request_id, key_id, sealed, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (request_id) DO UPDATE
           SET key_id = EXCLUDED.key_id, sealed = EXCLUDED.sealed, expires_at = EXCLUDED.expires_at, revealed_at = NULL`,
        [input.requestId, input.keyId, box.seal(input.secret, input.requestId), input.expiresAt],
      );
      await within?.(tx);
    });
  }

  /** The request's key, if its secret is still here, unexpired and readable: only then may it be reused. */
  async held(requestId: string): Promise<HeldKey | undefined> {
    const row = await this.row(this.pool, requestId);
    if (!row?.sealed || row.expires_at <= new Date() || this.box?.open(row.sealed, requestId) === undefined)
      return undefined;
    return { keyId: Number(row.key_id), expiresAt: row.expires_at };
  }

  /** The request whose key has this Neon id (the latest, should Neon ever reuse an id). */
  async requestForKey(keyId: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ request_id: string }>(
      `SELECT k.request_id FROM key_secrets k JOIN requests r ON r.id = k.request_id
        WHERE k.key_id = $1 ORDER BY r.created_at DESC LIMIT 1`,
      [keyId],
    );
    return rows[0]?.request_id;
  }

  /**
   * Shows the secret once. The row stays locked while `show` runs, so of two clicks only one
   * sees it; the secret is deleted only if `show` succeeded, so a failed modal can be retried.
   */
  async reveal(requestId: string, show: (secret: string) => Promise<void>): Promise<RevealOutcome> {
    return withTransaction(this.pool, async (tx) => {
      const row = await this.row(tx, requestId, 'FOR UPDATE');
      if (!row) return { ok: false, code: 'none' };
      if (row.revealed_at) return { ok: false, code: 'already_shown', revealedAt: row.revealed_at };
      if (!row.sealed) return { ok: false, code: 'not_held' };
      if (row.expires_at <= new Date()) {
        await this.drop(requestId, tx);
        return { ok: false, code: 'expired', expiresAt: row.expires_at };
      }
      const secret = this.box?.open(row.sealed, requestId);
      if (secret === undefined) return { ok: false, code: 'unreadable' };
      await show(secret);
      await tx.query('UPDATE key_secrets SET sealed = NULL, revealed_at = now() WHERE request_id = $1', [requestId]);
      return { ok: true };
    });
  }

  /** Deletes the secret (the hold time passed, or the key was revoked); what remains says whether it was ever shown. */
  async drop(requestId: string, tx: Queryable = this.pool): Promise<SecretState | undefined> {
    const { rows } = (await tx.query(
      'UPDATE key_secrets SET sealed = NULL WHERE request_id = $1 RETURNING key_id, sealed, expires_at, revealed_at',
      [requestId],
    )) as { rows: Row[] };
    const row = rows[0];
    return row && { keyId: Number(row.key_id), revealedAt: row.revealed_at };
  }

  private async row(db: Queryable, requestId: string, lock = ''): Promise<Row | undefined> {
    const { rows } = (await db.query(
      `SELECT key_id, sealed, expires_at, revealed_at FROM key_secrets WHERE request_id = $1 ${lock}`,
      [requestId],
    )) as { rows: Row[] };
    return rows[0];
  }
}
