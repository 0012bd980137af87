import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../sandbox/eventually.ts';
import { JOB_NAMES, type JobHandlers, type JobName, type JobSpec, type Jobs, type Tx } from '../../../src/app/ports.ts';
import { startJobs } from '../../../src/jobs/queue.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/**
 * A transition's jobs (several queues) go to the database as one query, the jobs' JSON written into
 * it as a literal: whatever a message holds (quotes, dollar signs, what looks like the literal's
 * own end) is stored exactly as given, and the jobs commit or roll back with the transaction.
 */
let db: TestDatabase;
let jobs: Jobs;
const runs: { name: JobName; requestId: string }[] = [];

const handlers = Object.fromEntries(
  JOB_NAMES.map((name): [JobName, JobHandlers[JobName]] => [
    name,
    async ({ data }) => {
      runs.push({ name, requestId: data.requestId });
    },
  ]),
) as JobHandlers;

const log = createLogger({ level: 'info', destination: new Writable({ write: (_c, _e, done) => done() }) });

beforeAll(async () => {
  db = await createTestDatabase();
  jobs = await startJobs({ databaseUrl: db.url, pool: db.pool, log, handlers, attemptTimeoutSeconds: 60 });
});
afterAll(async () => {
  await jobs.stop();
  await db.drop();
});

const HARD = `it's $1 and $$ and $& and $j0a1b2c3d4e5$ and \\ and "quoted" and ' OR 1=1 -- and ✓`;

/** Counts the queries sent through it. */
function counted(inner: Tx): Tx & { queries: number } {
  const tx = {
    queries: 0,
    query(text: string, values?: unknown[]) {
      tx.queries++;
      return inner.query(text, values);
    },
  };
  return tx;
}

const stored = async (requestId: string) =>
  (
    await db.pool.query<{ name: string; data: Record<string, unknown> }>(
      `SELECT name, data FROM pgboss.job WHERE data->>'requestId' = $1 ORDER BY name`,
      [requestId],
    )
  ).rows;

const announcements = (requestId: string): JobSpec[] => [
  { name: 'sync-cards', data: { requestId } },
  { name: 'sync-home', data: { requestId, event: 'approve' } },
  { name: 'post-audit', data: { requestId, event: 'approve', message: { text: HARD } } },
  { name: 'tell-requester', data: { requestId, event: 'deny', message: { text: `${HARD} (told)` } } },
];

describe('sendAll', () => {
  it('stores jobs of four queues in one query inside the transaction, each message exactly as given', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const tx = counted(client);
      await jobs.sendAll(announcements('R-TX'), { tx });
      expect(tx.queries).toBe(1);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await stored('R-TX')).toEqual([
      { name: 'post-audit', data: { requestId: 'R-TX', event: 'approve', message: { text: HARD } } },
      { name: 'sync-cards', data: { requestId: 'R-TX' } },
      { name: 'sync-home', data: { requestId: 'R-TX', event: 'approve' } },
      { name: 'tell-requester', data: { requestId: 'R-TX', event: 'deny', message: { text: `${HARD} (told)` } } },
    ]);
  });

  it('stores nothing when the transaction rolls back', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await jobs.sendAll(announcements('R-ROLLEDBACK'), { tx: client });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await stored('R-ROLLEDBACK')).toEqual([]);
  });

  it('outside a transaction, stores them all and wakes their workers', async () => {
    await jobs.sendAll(announcements('R-POOL'));
    expect((await stored('R-POOL')).map((j) => j.name)).toEqual([
      'post-audit',
      'sync-cards',
      'sync-home',
      'tell-requester',
    ]);
    await eventually(() => runs.filter((r) => r.requestId === 'R-POOL').length === 4, 10_000, 'the four jobs to run');
    expect(
      runs
        .filter((r) => r.requestId === 'R-POOL')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['post-audit', 'sync-cards', 'sync-home', 'tell-requester']);
  });

  it('answers the queues where a job was folded into one of the same request already waiting', async () => {
    const later = new Date(Date.now() + 3_600_000); // waiting, so that no worker takes it meanwhile
    const waiting = (requestId: string): JobSpec[] => [
      { name: 'sync-cards', data: { requestId }, startAfter: later },
      { name: 'sync-home', data: { requestId, event: 'approve' }, startAfter: later },
    ];
    expect(await jobs.sendAll(waiting('R-FOLD'))).toEqual([]);
    expect(
      await jobs.sendAll([...waiting('R-FOLD').slice(0, 1), { name: 'post-audit', data: { requestId: 'R-FOLD' } }]),
    ).toEqual(['sync-cards']);
    expect((await stored('R-FOLD')).map((j) => j.name)).toEqual(['post-audit', 'sync-cards', 'sync-home']);
  });
});
