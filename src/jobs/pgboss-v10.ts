import pg from 'pg';

/**
 * A database the bot used with pg-boss 10 holds its jobs in schema `pgboss` at schema version
 * 21–24. pg-boss 12 migrates only from version 25 (pg-boss 11.0) on: its start() refuses the older
 * schema, and pg-boss's advice is to move the jobs by SQL. Done here in two steps, each under one
 * advisory lock so replicas starting together take turns:
 *
 * 1. retireV10Schema, before pg-boss starts: `pgboss` is renamed `pgboss_v10`, so pg-boss 12
 *    installs a fresh `pgboss` beside it.
 * 2. moveV10Jobs, once the queues exist: the jobs still waiting or running are copied as they
 *    were (state, attempts, times, singleton keys) and the old schema is dropped, in one
 *    transaction. A job that was running when pg-boss 10 stopped is expired and retried by the
 *    monitor like any attempt whose worker died. Schedules are not copied: start re-creates them.
 *
 * A crash between the steps leaves `pgboss_v10`, which the next start moves. Run no pg-boss 10
 * replica beside a pg-boss 12 one: the old one cannot use the new schema.
 */
const OLD_SCHEMA = 'pgboss_v10';
const LOCK = "pg_advisory_xact_lock(hashtext('neon-access-bot: pg-boss 10 to 12'))";

async function inTransaction<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT ${LOCK}`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Renames a pg-boss 10 `pgboss` schema to `pgboss_v10`; true when it did. */
export async function retireV10Schema(databaseUrl: string): Promise<boolean> {
  return inTransaction(databaseUrl, async (c) => {
    const { rows } = await c.query<{ installed: boolean; retired: boolean }>(
      `SELECT to_regclass('pgboss.version') IS NOT NULL AS installed, to_regnamespace('${OLD_SCHEMA}') IS NOT NULL AS retired`,
    );
    if (!rows[0]!.installed) return false;
    const version = (await c.query<{ v: number | null }>('SELECT max(version) AS v FROM pgboss.version')).rows[0]!.v;
    if (version === null || version < 21 || version > 24) return false;
    // A pg-boss 10 process started after an earlier rename made a second one: refuse to guess.
    if (rows[0]!.retired)
      throw new Error(
        `pg-boss 10 schemas in both pgboss and ${OLD_SCHEMA}: move or drop one of them, then start again`,
      );
    await c.query(`ALTER SCHEMA pgboss RENAME TO ${OLD_SCHEMA}`);
    return true;
  });
}

/**
 * Copies the jobs of `pgboss_v10` that are not finished into pg-boss 12's job table (documented
 * for direct SQL) and drops the old schema; the number copied, or null when there was none.
 * Run after the queues exist: each job takes its queue's policy, so stately queues stay stately.
 */
export async function moveV10Jobs(databaseUrl: string): Promise<number | null> {
  return inTransaction(databaseUrl, async (c) => {
    const { rows } = await c.query<{ found: boolean }>(`SELECT to_regclass('${OLD_SCHEMA}.job') IS NOT NULL AS found`);
    if (!rows[0]!.found) return null;
    const copied = await c.query(
      `INSERT INTO pgboss.job (
         id, name, priority, data, state, retry_limit, retry_count, retry_delay, retry_backoff,
         start_after, started_on, singleton_key, singleton_on, expire_seconds, deletion_seconds,
         created_on, keep_until, output, dead_letter, policy
       )
       SELECT j.id, j.name, j.priority, j.data, j.state::text::pgboss.job_state, j.retry_limit, j.retry_count,
         j.retry_delay, j.retry_backoff, j.start_after, j.started_on, j.singleton_key, j.singleton_on,
         GREATEST(1, ceil(extract(epoch FROM j.expire_in)))::int, q.deletion_seconds,
         j.created_on, j.keep_until, j.output, j.dead_letter, q.policy
       FROM ${OLD_SCHEMA}.job j JOIN pgboss.queue q ON q.name = j.name
       WHERE j.state IN ('created', 'retry', 'active')
       ON CONFLICT DO NOTHING`,
    );
    await c.query(`DROP SCHEMA ${OLD_SCHEMA} CASCADE`);
    return copied.rowCount ?? 0;
  });
}
