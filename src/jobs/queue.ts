import type pg from 'pg';
import { type JobInsert, PgBoss } from 'pg-boss';
import {
  JOB_NAMES,
  type JobData,
  type JobHandlers,
  type JobName,
  type JobSpec,
  type Jobs,
  type RunningJob,
  type SendOptions,
  type Tx,
} from '../app/ports.ts';
import type { Logger } from '../log/logger.ts';
import { aboutRequest, outsideRequests } from '../log/request-scope.ts';
import { moveV10Jobs, retireV10Schema } from './pgboss-v10.ts';
import { StatementBatch } from './statement-batch.ts';

/** Queues a person waits on; their workers are woken at once instead of at the next poll. */
const URGENT: ReadonlySet<JobName> = new Set([
  'execute-request',
  'sync-cards',
  'post-audit',
  'tell-requester',
  'sync-home',
  'nudge-approvers',
]);

/** Concurrent workers per queue in each process (default 1). */
const WORKERS: Partial<Record<JobName, number>> = { 'execute-request': 8, 'sync-cards': 2, 'tell-requester': 2 };

export interface JobsOptions {
  databaseUrl: string;
  /**
   * Where jobs sent outside a transaction are stored: the bot's own pool, whose timeouts bound
   * every wait a person may be in (pg-boss's pool only moves jobs between states).
   */
  pool: Tx;
  log: Logger;
  handlers: JobHandlers;
  /** How long a healthy attempt may run before it is retried anyway (a dead worker is noticed sooner, by its heartbeat). */
  attemptTimeoutSeconds: number;
  /** How long stop() waits for running jobs before giving up on them (they will be retried). */
  stopTimeoutMs?: number;
  /** Cron schedules (UTC) by queue; a queue left out runs only when sent to. */
  cron?: Partial<Record<JobName, string>>;
}

/**
 * pg-boss's own connections only move jobs between states (fetch → active → completed). Their
 * commits need not wait for the disk: a state change lost in a crash only re-runs a job, and every
 * handler is idempotent. Jobs themselves are inserted on our connections, inside the transaction
 * that asked for them, with the usual durability.
 */
function jobBookkeepingUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', '-c synchronous_commit=off');
  return url.toString();
}

/**
 * Liveness: a running job's worker refreshes its heartbeat every HEARTBEAT_REFRESH seconds, and a
 * monitor pass (every MONITOR seconds, on whichever replica claims it) fails into a retry any job
 * not heard from for HEARTBEAT seconds, so a dead process's jobs run again within seconds, however
 * long a healthy attempt may take (expireInSeconds still bounds that).
 */
const HEARTBEAT_SECONDS = 10; // pg-boss's minimum
const HEARTBEAT_REFRESH_SECONDS = 2;
const MONITOR_SECONDS = 2;

/** pg-boss's own statements (fetch, complete, heartbeat, monitor) give up after this on a silent server. */
const BOOKKEEPING_TIMEOUT_MS = 30_000;

/** One job at a time per worker, with its retry count and limit (isRetry, isLastAttempt). */
const WORK = {
  pollingIntervalSeconds: 2,
  batchSize: 1,
  includeMetadata: true,
  heartbeatRefreshSeconds: HEARTBEAT_REFRESH_SECONDS,
} as const;

/** At most one waiting and one running job per request and transition, or grant end and warning (the queues are 'stately'). */
const singletonKey = (name: JobName, data: JobData) =>
  [name, data.requestId, data.event, data.endsAt, data.leadMs].filter(Boolean).join(':');

/**
 * pg-boss on the bot's own database: approval stores a job in the same Postgres, so a crash,
 * a redeploy or a second replica picks it up. The fast path wakes this process's worker at
 * once instead of waiting for its next poll.
 */
export async function startJobs(opts: JobsOptions): Promise<Jobs> {
  // pg-boss 12 cannot migrate pg-boss 10's schema: set it aside, and move its jobs once ours exists.
  if (await retireV10Schema(opts.databaseUrl))
    opts.log.info("renamed pg-boss 10's job schema to pgboss_v10; its jobs move to pg-boss 12's");
  // Without these a fetch or a heartbeat sent into a network partition waits for TCP to give up
  // (many minutes), so the workers would resume long after the network did.
  const timeouts: Pick<pg.PoolConfig, 'query_timeout' | 'connectionTimeoutMillis' | 'keepAlive'> = {
    query_timeout: BOOKKEEPING_TIMEOUT_MS,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  };
  const boss = new PgBoss({
    connectionString: jobBookkeepingUrl(opts.databaseUrl),
    schema: 'pgboss',
    // One connection per busy worker would be ideal; fetches and completions are short.
    max: 8,
    // A burst keeps every connection busy with short fetches and completions: waiting for one is
    // not a fault (the default 10 s bound failed fetches under 1,000 asks). Nobody waits on this
    // pool in a conversation, so a dead database only delays jobs, which retry on their own.
    connectionTimeoutMillis: 30_000,
    application_name: 'neon-access-bot-jobs',
    ...timeouts,
    // The monitor pass is what notices an attempt whose worker went silent (heartbeat) or ran too
    // long (expireInSeconds) and fails it into a retry; a supervise pass runs it when it is due.
    supervise: true,
    superviseIntervalSeconds: MONITOR_SECONDS,
    monitorIntervalSeconds: MONITOR_SECONDS,
    // Cron schedules live in the database; any replica sends each due job once.
    schedule: true,
    migrate: true,
  });
  boss.on(
    'error',
    outsideRequests((err) => opts.log.warn({ err }, 'job queue error; it retries on its own')),
  );
  await boss.start();

  const workers = new Map<JobName, string[]>();
  const busy = new Set<string>();
  for (const name of JOB_NAMES) {
    const urgent = URGENT.has(name);
    const settings = {
      retryLimit: urgent ? 5 : 20,
      retryDelay: urgent ? 2 : 30,
      retryBackoff: true,
      expireInSeconds: opts.attemptTimeoutSeconds,
      heartbeatSeconds: HEARTBEAT_SECONDS,
    };
    // At most one waiting and one running job per singleton key. createQueue leaves a queue that
    // exists as it was: the update brings an earlier deployment's queues to today's settings.
    await boss.createQueue(name, { policy: 'stately', ...settings });
    await boss.updateQueue(name, settings);
    // Several workers per queue: one slow Neon call must not hold up every other approval.
    // Polling is only the fallback (jobs of another replica, retries): this process wakes its own.
    // A pg-boss worker also sleeps a whole interval after each job unless notified: one that just
    // ran a job wakes itself, so a backlog drains at full speed and only an empty queue waits.
    const ids = await Promise.all(
      Array.from({ length: WORKERS[name] ?? 1 }, async () => {
        let self = '';
        self = await boss.work<JobData, void, typeof WORK>(name, WORK, async ([job]) => {
          if (!job) return;
          busy.add(self);
          const run = { data: job.data, isRetry: job.retryCount > 0, isLastAttempt: job.retryCount >= job.retryLimit };
          // Every line logged while the job runs, however deep, carries its request id.
          await aboutRequest(job.data.requestId, () =>
            opts.handlers[name](run).catch((err: unknown) => {
              if (run.isLastAttempt)
                opts.log.error({ err, job: name }, 'job failed on its last attempt; it will not be retried');
              else opts.log.warn({ err, job: name, attempt: job.retryCount + 1 }, 'job failed; it will be retried');
              throw err;
            }),
          ).finally(() => {
            busy.delete(self);
            boss.notifyWorker(self);
          });
        });
        return self;
      }),
    );
    workers.set(name, ids);
    // A schedule left from an earlier configuration is removed; the singleton key matches `send`'s.
    const cron = opts.cron?.[name];
    if (cron) await boss.schedule(name, cron, { requestId: '' }, { singletonKey: name });
    else await boss.unschedule(name);
  }
  const moved = await moveV10Jobs(opts.databaseUrl);
  if (moved !== null)
    opts.log.info({ jobs: moved }, "moved pg-boss 10's unfinished jobs to pg-boss 12 and dropped pgboss_v10");

  // Waking every worker on each commit made each of them fetch (mostly nothing) and queue the one
  // fetch that mattered behind the others on pg-boss's pool: wake as many as there are new jobs.
  const wake = (jobs: readonly JobSpec[]) => {
    const wanted = new Map<JobName, number>();
    for (const { name } of jobs) if (URGENT.has(name)) wanted.set(name, (wanted.get(name) ?? 0) + 1);
    for (const [name, n] of wanted) {
      for (const id of workers
        .get(name)!
        .filter((w) => !busy.has(w))
        .slice(0, n))
        boss.notifyWorker(id);
    }
  };
  const sendAll = async (jobs: readonly JobSpec[], { tx }: Pick<SendOptions, 'tx'> = {}) => {
    if (jobs.length === 0) return [];
    // pg-boss 12 inserts into one queue per call (its statement names the queue): gathered, and
    // sent as one query, so a transition's announcements cost one round trip inside its transaction.
    const byQueue = new Map<JobName, JobInsert<JobData>[]>();
    for (const { name, data, startAfter } of jobs) {
      const batch = byQueue.get(name) ?? [];
      batch.push({
        data,
        singletonKey: singletonKey(name, data),
        ...(startAfter ? { startAfter: startAfter.toISOString() } : {}),
      });
      byQueue.set(name, batch);
    }
    const statements = new StatementBatch();
    const queues = [...byQueue];
    // With their ids returned, a queue that stored fewer jobs than it was given folded one.
    for (const [name, batch] of queues) await boss.insert(name, batch, { db: statements.db, returnId: true });
    const stored = await statements.sendTo(tx ?? opts.pool);
    if (!tx) wake(jobs);
    return queues.filter(([, batch], i) => (stored[i] ?? 0) < batch.length).map(([name]) => name);
  };
  const send = async (name: JobName, data: JobData, { tx, startAfter }: SendOptions = {}) => {
    await sendAll([{ name, data, startAfter }], { tx });
  };

  return {
    send,
    sendAll,
    execute: (requestId) => send('execute-request', { requestId }),
    scheduleAt: (name, requestId, at, tx) => send(name, { requestId }, { tx, startAfter: at }),
    wake,
    async depth() {
      // Counted in the job table (pg-boss documents it for direct SQL): getQueueStats() serves
      // counts the monitor cached, up to a minute old even when forced.
      const { rows } = await boss
        .getDb()
        .executeSql(
          `SELECT name, count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) AND state IN ('created', 'retry') GROUP BY name`,
          [JOB_NAMES],
        );
      const counts = new Map((rows as { name: JobName; n: number }[]).map((r) => [r.name, r.n]));
      return Object.fromEntries(JOB_NAMES.map((n) => [n, counts.get(n) ?? 0])) as Record<JobName, number>;
    },
    async running(name, seconds) {
      const { rows } = await boss.getDb().executeSql(
        `SELECT id, retry_count AS "retryCount", data FROM pgboss.job
           WHERE name = $1 AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
        [name, seconds],
      );
      return rows as RunningJob[];
    },
    async retry(name, { id, retryCount }) {
      await boss.fail(name, { id, retryCount }, { message: 'its worker is gone' });
      // Nothing to back off from: the retry is due now, and a worker here takes it.
      await boss
        .getDb()
        .executeSql(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND id = $2 AND state = 'retry'`, [
          name,
          id,
        ]);
      wake([{ name, data: { requestId: '' } }]);
    },
    async stop() {
      // pg-boss 12's stop() always waits; after the timeout it fails the jobs still running into a retry.
      await boss.stop({ graceful: true, timeout: opts.stopTimeoutMs ?? 10_000 });
    },
  };
}
