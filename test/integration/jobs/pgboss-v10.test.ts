import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../sandbox/eventually.ts';
import { JOB_NAMES, type JobHandlers, type JobName, type Jobs } from '../../../src/app/ports.ts';
import { startJobs } from '../../../src/jobs/queue.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/**
 * A database the bot used with pg-boss 10: pg-boss 12 cannot migrate its schema (it starts from
 * version 25), so the bot's start sets it aside and moves the unfinished jobs. What pg-boss 10
 * held must run as it would have: waiting jobs once, retries as retries, a job whose worker died
 * retried after its attempt timed out, finished ones never again.
 */
let db: TestDatabase;
let jobs: Jobs | undefined;
const runs: { name: JobName; requestId: string; isRetry: boolean }[] = [];
const logLines: string[] = [];

/** Every queue's handler only records what it was given. */
const handlers = Object.fromEntries(
  JOB_NAMES.map((name): [JobName, JobHandlers[JobName]] => [
    name,
    async ({ data, isRetry }) => {
      runs.push({ name, requestId: data.requestId, isRetry });
    },
  ]),
) as JobHandlers;

const log = createLogger({
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  }),
});

const start = () => startJobs({ databaseUrl: db.url, pool: db.pool, log, handlers, attemptTimeoutSeconds: 2 });

/** A job as pg-boss 10 stored it (its queue's policy and settings copied onto the row). */
async function v10Job(
  name: JobName,
  requestId: string,
  state: string,
  extra: { retryCount?: number; startedAgo?: string; startIn?: string } = {},
) {
  await db.pool.query(
    `INSERT INTO pgboss.job (name, data, state, policy, retry_limit, retry_delay, retry_backoff, retry_count, singleton_key, expire_in, started_on, start_after)
     VALUES ($1, $2, $3, 'stately', 5, 2, true, $4, $5, interval '2 seconds',
             now() - $6::interval, now() + $7::interval)`,
    [
      name,
      { requestId },
      state,
      extra.retryCount ?? 0,
      `${name}:${requestId}`,
      extra.startedAgo ?? null,
      extra.startIn ?? '0',
    ],
  );
}

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  await db.pool.query(await readFile(new URL('../../fixtures/pgboss-v10/schema.sql', import.meta.url), 'utf8'));
  await v10Job('sync-home', 'R-WAITING', 'created');
  await v10Job('tell-requester', 'R-FAILEDONCE', 'retry', { retryCount: 0, startedAgo: '1 minute' });
  await v10Job('execute-request', 'R-RUNNING', 'active', { startedAgo: '1 hour' });
  await v10Job('end-grant', 'R-LATER', 'created', { startIn: '1 day' });
  await v10Job('sync-cards', 'R-DONE', 'completed', { startedAgo: '1 hour' });
  jobs = await start();
});
afterAll(async () => {
  await jobs?.stop();
  await db.drop();
});

const runsOf = (requestId: string) => runs.filter((r) => r.requestId === requestId);

describe("pg-boss 10's jobs after the move to pg-boss 12", () => {
  it('starts on a fresh pg-boss 12 schema and drops the old one', async () => {
    const { rows } = await db.pool.query(
      `SELECT to_regnamespace('pgboss_v10') IS NULL AS gone, (SELECT max(version) FROM pgboss.version) AS version`,
    );
    expect(rows[0]).toMatchObject({ gone: true });
    expect(rows[0].version).toBeGreaterThan(24);
    expect(logLines.some((l) => l.includes('moved pg-boss 10') && l.includes('"jobs":4'))).toBe(true);
  });

  it('runs a waiting job once, as a first attempt', async () => {
    await eventually(() => runsOf('R-WAITING').length === 1, 10_000, 'the waiting job to run');
    expect(runsOf('R-WAITING')).toEqual([{ name: 'sync-home', requestId: 'R-WAITING', isRetry: false }]);
  });

  it('runs a job that had failed as a retry', async () => {
    await eventually(() => runsOf('R-FAILEDONCE').length === 1, 10_000, 'the failed job to be retried');
    expect(runsOf('R-FAILEDONCE')[0]!.isRetry).toBe(true);
  });

  it('retries a job whose pg-boss 10 worker died mid-attempt, once the attempt has timed out', async () => {
    await eventually(() => runsOf('R-RUNNING').length === 1, 15_000, 'the interrupted job to be retried');
    expect(runsOf('R-RUNNING')[0]).toEqual({ name: 'execute-request', requestId: 'R-RUNNING', isRetry: true });
  });

  it('keeps a scheduled job waiting for its time, and never reruns a finished one', async () => {
    const { rows } = await db.pool.query(
      `SELECT data->>'requestId' AS id, start_after > now() + interval '23 hours' AS later FROM pgboss.job WHERE data->>'requestId' IN ('R-LATER', 'R-DONE')`,
    );
    expect(rows).toEqual([{ id: 'R-LATER', later: true }]);
    expect((await jobs!.depth())['end-grant']).toBe(1);
    expect(runsOf('R-LATER')).toEqual([]);
  });

  it('a later start finds nothing to move', async () => {
    await jobs!.stop();
    logLines.length = 0;
    jobs = await start();
    expect(logLines.filter((l) => l.includes('pg-boss 10'))).toEqual([]);
    expect((await jobs.depth())['end-grant']).toBe(1);
  });
});
