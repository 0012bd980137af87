import type pg from 'pg';

/** Who has opened the Home tab: only their Homes are worth re-publishing after a change. */
export class HomeViewers {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Remembers the first opening; later ones change nothing. */
  async opened(userId: string): Promise<void> {
    await this.pool.query('INSERT INTO home_viewers (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING', [userId]);
  }

  /** Those of `userIds` who have opened the Home tab at least once. */
  async among(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const { rows } = await this.pool.query<{ user_id: string }>(
      'SELECT user_id FROM home_viewers WHERE user_id = ANY($1)',
      [userIds],
    );
    return rows.map((r) => r.user_id);
  }
}
