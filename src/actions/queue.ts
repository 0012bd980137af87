import PgBoss from 'pg-boss';
import type { Logger } from '../log/logger.ts';
import type { SlackMessage } from '../slack/surface.ts';

/** Every kind of durable work, each a pg-boss queue keyed by request id. */
export const JOB_NAMES = [
  'execute-request',
  'expire-request',
  'remind-approvers',
  'end-grant',
  // A new project key's secret reaches its hold time: deleted, revealed or not.
  'purge-key-secret',
  // What Slack shows about a transition: each its own job, so one failing never repeats the others.
  'sync-cards',
  'post-audit',
  'tell-requester',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Queues a person waits on; their workers are woken at once instead of at the next poll. */
const URGENT: ReadonlySet<JobName> = new Set(['execute-request', 'sync-cards', 'post-audit', 'tell-requester']);

export interface JobData {
  requestId: string;
  /** Which transition an announcement is about (also part of its singleton key). */
  event?: string;
  /** A message rendered when the transition happened, posted as it was then. */
  message?: SlackMessage;
  /** Whom a DM goes to, when not the requester (the person a role change is for). */
  to?: string;
}

export interface JobRun {
  data: JobData;
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

export interface SendOptions {
  /** Store the job in this transaction; the caller wakes the workers after the commit. */
  tx?: Tx;
  /** Not before this time (scheduled work). */
  startAfter?: Date;
}

export interface Jobs {
  /** Stores one job; without `tx`, wakes this process's urgent workers at once. */
  send(name: JobName, data: JobData, opts?: SendOptions): Promise<void>;
  /** Durably hands an approved request to the executor (see send for `tx`). */
  execute(requestId: string, tx?: Tx): Promise<void>;
  /** Runs `name` for the request at `at` (or at once if `at` has passed). */
  scheduleAt(name: JobName, requestId: string, at: Date, tx?: Tx): Promise<void>;
  /** Runs this process's urgent workers now instead of at their next poll. */
  wake(): void;
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
    // Maintenance is what notices an attempt whose worker died and fails it into a retry.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.ceil(opts.attemptTimeoutSeconds / 2))),
    schedule: false,
    migrate: true,
  });
  boss.on('error', (err) => opts.log.warn({ err }, 'job queue error; it retries on its own'));
  await boss.start();

  const workers = new Map<JobName, string>();
  for (const name of JOB_NAMES) {
    const urgent = URGENT.has(name);
    await boss.createQueue(name, {
      name,
      // At most one waiting and one running job per singleton key.
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
        await opts.handlers[name]({ data: job.data, isRetry: job.retryCount > 0, isLastAttempt: job.retryCount >= job.retryLimit });
      },
    );
    workers.set(name, id);
  }

  const wake = () => {
    for (const name of URGENT) boss.notifyWorker(workers.get(name)!);
  };
  const send = async (name: JobName, data: JobData, { tx, startAfter }: SendOptions = {}) => {
    await boss.send(name, data, {
      singletonKey: [name, data.requestId, data.event].filter(Boolean).join(':'),
      ...(startAfter ? { startAfter } : {}),
      ...(tx ? { db: { executeSql: (text: string, values: unknown[]) => tx.query(text, values) } } : {}),
    });
    if (!tx) wake();
  };

  return {
    send,
    execute: (requestId, tx) => send('execute-request', { requestId }, { tx }),
    scheduleAt: (name, requestId, at, tx) => send(name, { requestId }, { tx, startAfter: at }),
    wake,
    async depth() {
      const sizes = await Promise.all(JOB_NAMES.map((n) => boss.getQueueSize(n)));
      return Object.fromEntries(JOB_NAMES.map((n, i) => [n, sizes[i]!])) as Record<JobName, number>;
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: opts.stopTimeoutMs ?? 10_000 });
    },
  };
}
