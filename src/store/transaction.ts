import type pg from 'pg';

export async function withTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    client.release();
    return out;
  } catch (err) {
    // After the client's own timeout the server may be unreachable: a ROLLBACK would wait as long
    // again, so the connection is dropped instead (the server rolls back when the session ends).
    if (timedOut(err)) client.release(err);
    else {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
    throw err;
  }
}

/** node-postgres's `query_timeout` fired: the statement's answer never came. */
const timedOut = (err: unknown): err is Error => err instanceof Error && err.message === 'Query read timeout';
