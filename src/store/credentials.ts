import type pg from 'pg';
import type { SealedBox } from '../crypto/sealed.ts';

export type CredentialStatus = 'active' | 'invalid';

/** What is known about a connected key, never the key itself. */
export interface AdminCredential {
  slackUserId: string;
  neonUserId: string;
  neonEmail: string;
  status: CredentialStatus;
  connectedAt: Date;
  invalidatedAt: Date | null;
}

export interface NewCredential {
  slackUserId: string;
  key: string;
  neonUserId: string;
  neonEmail: string;
}

/** `unreadable`: stored, but it does not open with the current BOT_ENCRYPTION_KEY (rotated or unset). */
export type StoredKey = { ok: true; key: string } | { ok: false; reason: 'none' | 'unreadable' };

interface Row {
  slack_user_id: string;
  sealed_key: string;
  neon_user_id: string;
  neon_email: string;
  status: CredentialStatus;
  connected_at: Date;
  invalidated_at: Date | null;
}

function toCredential(r: Row): AdminCredential {
  return {
    slackUserId: r.slack_user_id,
    neonUserId: r.neon_user_id,
    neonEmail: r.neon_email,
    status: r.status,
    connectedAt: r.connected_at,
    invalidatedAt: r.invalidated_at,
  };
}

/**
 * Admins' personal Neon keys. Sealing happens here and nowhere else, so no caller ever handles
 * the stored form and the key is in clear only in memory, on its way to or from Neon.
 */
export class CredentialStore {
  private readonly pool: pg.Pool;
  /** Absent when BOT_ENCRYPTION_KEY is unset: nothing can be stored or opened then. */
  private readonly box: SealedBox | undefined;

  constructor(pool: pg.Pool, box: SealedBox | undefined) {
    this.pool = pool;
    this.box = box;
  }

  get canSeal(): boolean {
    return this.box !== undefined;
  }

  /** Stores (or replaces) a person's key as active. */
  async save(input: NewCredential): Promise<AdminCredential> {
    if (!this.box) throw new Error('BOT_ENCRYPTION_KEY is not set: admin keys cannot be stored');
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO admin_credentials (slack_user_id, sealed_key, neon_user_id, neon_email)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (slack_user_id) DO UPDATE
         SET sealed_key = EXCLUDED.sealed_key, neon_user_id = EXCLUDED.neon_user_id, neon_email = EXCLUDED.neon_email,
             status = 'active', connected_at = now(), invalidated_at = NULL
       RETURNING *`,
      [input.slackUserId, this.box.seal(input.key, input.slackUserId), input.neonUserId, input.neonEmail],
    );
    return toCredential(rows[0]!);
  }

  async get(slackUserId: string): Promise<AdminCredential | undefined> {
    const row = await this.row(slackUserId);
    return row ? toCredential(row) : undefined;
  }

  async activeKey(slackUserId: string): Promise<StoredKey> {
    const row = await this.row(slackUserId);
    if (row?.status !== 'active') return { ok: false, reason: 'none' };
    const key = this.box?.open(row.sealed_key, slackUserId);
    return key === undefined ? { ok: false, reason: 'unreadable' } : { ok: true, key };
  }

  /**
   * Marks the key invalid, but only if it is still the one stored: a fresh key connected since
   * `key` was read must not be blamed for the old one's 401. True when this call marked it.
   */
  async invalidate(slackUserId: string, key: string): Promise<boolean> {
    const row = await this.row(slackUserId);
    if (row?.status !== 'active' || this.box?.open(row.sealed_key, slackUserId) !== key) return false;
    const res = await this.pool.query(
      `UPDATE admin_credentials SET status = 'invalid', invalidated_at = now()
        WHERE slack_user_id = $1 AND sealed_key = $2 AND status = 'active'`,
      [slackUserId, row.sealed_key],
    );
    return res.rowCount === 1;
  }

  /** True when there was a key to remove. */
  async remove(slackUserId: string): Promise<boolean> {
    const res = await this.pool.query('DELETE FROM admin_credentials WHERE slack_user_id = $1', [slackUserId]);
    return res.rowCount === 1;
  }

  private async row(slackUserId: string): Promise<Row | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM admin_credentials WHERE slack_user_id = $1', [
      slackUserId,
    ]);
    return rows[0];
  }
}
