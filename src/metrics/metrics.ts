import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestStatus } from '../domain/request.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { AttemptEvent } from '../neon/client.ts';
import { withinDeadline } from '../services/deadline.ts';

/** The statuses a request's story ends in; a retried `failed`, or a `done` key later revoked, counts again at its next end. */
const OUTCOMES: ReadonlySet<RequestStatus> = new Set([
  'done',
  'failed',
  'denied',
  'cancelled',
  'expired',
  'revoked',
  'reverted',
]);

const HOUR = 3600;
// People decide in minutes to days; Neon acts in well under a second, unless retries back off for minutes.
const DECISION_BUCKETS = [10, 30, 60, 300, 900, HOUR, 4 * HOUR, 24 * HOUR, 7 * 24 * HOUR];
const EXECUTION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

const DEPTH_DEADLINE_MS = 2_000;

export type QueueDepth = () => Promise<Record<string, number>>;

/**
 * The bot's Prometheus metrics, on a registry of its own (not prom-client's global one), so
 * several bots in one process (tests) keep separate counts.
 */
export class Metrics {
  readonly registry = new Registry();
  private queueDepth: QueueDepth | undefined;

  private readonly requests = new Counter({
    name: 'nab_requests_total',
    help: 'Requests that reached an outcome, by kind and outcome (the status they moved to)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly decision = new Histogram({
    name: 'nab_decision_seconds',
    help: 'From a request being asked to an approver approving or denying it',
    labelNames: ['kind', 'decision'] as const,
    buckets: DECISION_BUCKETS,
    registers: [this.registry],
  });

  private readonly execution = new Histogram({
    name: 'nab_execution_seconds',
    help: 'From the approval to done or failed (includes waiting for a key, and retries after a failure)',
    labelNames: ['kind', 'outcome'] as const,
    buckets: EXECUTION_BUCKETS,
    registers: [this.registry],
  });

  private readonly neonCalls = new Counter({
    name: 'nab_neon_calls_total',
    help: 'Neon API attempts by operation and HTTP status (0: no answer, e.g. a timeout)',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    const depthOf = () => this.queueDepth?.();
    new Gauge({
      name: 'nab_queue_depth',
      help: 'Durable jobs waiting, by queue: due, scheduled for later or to be retried, not those running (shared by every replica)',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        // A scrape must not fail or hang because the database is away (/readyz says so): the gauge goes empty instead.
        const depth = await withinDeadline(depthOf() ?? Promise.resolve(undefined), DEPTH_DEADLINE_MS).catch(
          () => undefined,
        );
        this.reset();
        for (const [queue, n] of Object.entries(depth ?? {})) this.set({ queue }, n);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where nab_queue_depth reads from at each scrape; the queues start after the metrics exist. */
  watchQueues(depth: QueueDepth): void {
    this.queueDepth = depth;
  }

  /** After a status change committed. Both times come from the row, so from the database's clock. */
  transitioned(r: RequestRecord, from: RequestStatus): void {
    if (OUTCOMES.has(r.status)) this.requests.inc({ kind: r.kind, outcome: r.status });
    if (from === 'pending' && (r.status === 'approved' || r.status === 'denied')) {
      this.decision.observe({ kind: r.kind, decision: r.status }, secondsBetween(r.createdAt, r.updatedAt));
    }
    if (from === 'executing' && r.decidedAt) {
      this.execution.observe({ kind: r.kind, outcome: r.status }, secondsBetween(r.decidedAt, r.updatedAt));
    }
  }

  /** The Neon client's per-attempt hook. */
  neonAttempt(e: AttemptEvent): void {
    this.neonCalls.inc({ operation: e.operation, status: String(e.status) });
  }
}

function secondsBetween(start: Date, end: Date): number {
  return Math.max(0, (end.getTime() - start.getTime()) / 1000);
}
