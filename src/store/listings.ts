import type pg from 'pg';
import type { RequestRecord } from '../domain/request-record.ts';
import { type Row, toRecord } from './requests.ts';

/** Read-only views over the requests, for `/neon mine` and `/neon admin pending`. */
export class Listings {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** The newest requests this person made, newest first. */
  async recentBy(userId: string, limit: number): Promise<RequestRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM requests WHERE requester_id = $1 ORDER BY created_at DESC, id LIMIT $2',
      [userId, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * What this person holds now through the bot: the keys issued to them and the temporary roles
   * they were given (by whoever asked), soonest to end first.
   */
  async liveGrantsOf(userId: string): Promise<RequestRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM requests
        WHERE status = 'done'
          AND ((kind = 'key' AND requester_id = $1) OR (kind = 'role' AND target_user_id = $1 AND grant_expires_at IS NOT NULL))
        ORDER BY grant_expires_at NULLS LAST, created_at`,
      [userId],
    );
    return rows.map(toRecord);
  }

  /** What waits for a decision, oldest first (at most `limit` of them), and how many wait in all. */
  async pending(limit: number): Promise<{ requests: RequestRecord[]; total: number }> {
    const { rows } = await this.pool.query<Row & { total: number }>(
      `SELECT *, count(*) OVER ()::int AS total FROM requests WHERE status = 'pending' ORDER BY created_at, id LIMIT $1`,
      [limit],
    );
    return { requests: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }
}
