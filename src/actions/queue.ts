import PgBoss from 'pg-boss';
import type { Logger } from '../log/logger.ts';

/** Every kind of durable work, each a pg-boss queue keyed by request id. */
export const JOB_NAMES = ['execute-request', 'expire-request', 'remind-approvers', 'end-grant'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobRun {
  requestId: string;
  /** True when an earlier attempt of this same job died or failed part-way (crash, expiry). */
  isRetry: boolean;
  /** No retry follows this attempt: a failure now must be recorded, not thrown. */
  isLastAttempt: boolean;
}

export type JobHandlers = Record<JobName, (run: JobRun) => Promise<void>>;

/** A transaction to store a job in, so it exists exactly when the change that asked for it commits. */
export interface Tx {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Jobs {
  /**
   * Durably hands an approved request to the executor. Inside `tx`, the job commits with the
   * approval and the caller calls wake() after the commit; without, this wakes the worker itself.
   */
  execute(requestId: string, tx?: Tx): Promise<void>;
  /** Runs this process's executor now instead of at its next poll. */
  wake(): void;
  /** Runs `name` for the request at `at` (or at once if `at` has passed). */
  scheduleAt(name: Exclude<JobName, 'execute-request'>, requestId: string, at: Date, tx?: Tx): Promise<void>;
  /** Jobs waiting or running, by queue (for /metrics). */
  depth(): Promise<Record<JobName, number>>;
  stop(): Promise<void>;
}

export interface JobsOptions {
  databaseUrl: string;
  log: Logger;
  handlers: JobHandlers;
  /** How long one attempt may run before pg-boss deems its worker dead and retries it. */
  attemptTimeoutSeconds: number;
  /** How long stop() waits for running jobs before giving up on them (they will be retried). */
  stopTimeoutMs?: number;
}

interface JobData {
  requestId: string;
}

/**
 * pg-boss on the bot's own database: approval stores a job in the same Postgres, so a crash,
 * a redeploy or a second replica picks it up. The fast path wakes this process's worker at
 * once instead of waiting for its next poll.
 */
export async function startJobs(opts: JobsOptions): Promise<Jobs> {
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    schema: 'pgboss',
    max: 4,
    application_name: 'neon-access-bot-jobs',
    supervise: true,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (err) => opts.log.warn({ err }, 'job queue error; it retries on its own'));
  await boss.start();

  const workers = new Map<JobName, string>();
  for (const name of JOB_NAMES) {
    const urgent = name === 'execute-request';
    await boss.createQueue(name, {
      name,
      // At most one waiting and one running job per request and queue.
      policy: 'stately',
      retryLimit: urgent ? 5 : 20,
      retryDelay: urgent ? 2 : 30,
      retryBackoff: true,
      expireInSeconds: opts.attemptTimeoutSeconds,
    });
    const id = await boss.work<JobData>(
      name,
      { pollingIntervalSeconds: urgent ? 0.5 : 2, batchSize: 1, includeMetadata: true },
      async ([job]) => {
        if (!job) return;
        await opts.handlers[name]({ requestId: job.data.requestId, isRetry: job.retryCount > 0, isLastAttempt: job.retryCount >= job.retryLimit });
      },
    );
    workers.set(name, id);
  }

  const send = async (name: JobName, requestId: string, startAfter?: Date, tx?: Tx) => {
    await boss.send(
      name,
      { requestId },
      {
        singletonKey: `${name}:${requestId}`,
        ...(startAfter ? { startAfter } : {}),
        ...(tx ? { db: { executeSql: (text: string, values: unknown[]) => tx.query(text, values) } } : {}),
      },
    );
  };
  const wake = () => boss.notifyWorker(workers.get('execute-request')!);

  return {
    async execute(requestId, tx) {
      await send('execute-request', requestId, undefined, tx);
      if (!tx) wake();
    },
    wake,
    async scheduleAt(name, requestId, at, tx) {
      await send(name, requestId, at, tx);
    },
    async depth() {
      const sizes = await Promise.all(JOB_NAMES.map((n) => boss.getQueueSize(n)));
      return Object.fromEntries(JOB_NAMES.map((n, i) => [n, sizes[i]!])) as Record<JobName, number>;
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: opts.stopTimeoutMs ?? 10_000 });
    },
  };
}
