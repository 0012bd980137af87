import type pg from 'pg';
import type { RequestStatus } from '../domain/request.ts';
import type { CardRef, NewRequest, RequestPatch, RequestRecord } from '../domain/request-record.ts';
import { appendEvent } from './events.ts';
import { withTransaction } from './transaction.ts';

const OPEN_STATUSES: RequestStatus[] = ['pending', 'approved', 'executing'];

export interface Row {
  id: string;
  kind: RequestRecord['kind'];
  status: RequestStatus;
  requester_id: string;
  requester_email: string | null;
  target_user_id: string | null;
  target_email: string | null;
  role: RequestRecord['role'];
  project_id: string | null;
  duration_ms: string | null;
  reason: string;
  dedupe_key: string;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  executed_with: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
  grant_expires_at: Date | null;
  escalated_at: Date | null;
  escalated_to: string[] | null;
  nudged_at: Date | null;
  grant_started_at: Date | null;
  grant_id: string | null;
  approvals_needed: number;
  approved_by: string[];
  target_mfa: boolean | null;
  created_at: Date;
  updated_at: Date;
}

export function toRecord(r: Row): RequestRecord {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    requesterId: r.requester_id,
    requesterEmail: r.requester_email,
    targetUserId: r.target_user_id,
    targetEmail: r.target_email,
    role: r.role,
    projectId: r.project_id,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    reason: r.reason,
    dedupeKey: r.dedupe_key,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    executedWith: r.executed_with,
    result: r.result,
    error: r.error,
    grantExpiresAt: r.grant_expires_at,
    escalatedAt: r.escalated_at,
    escalatedTo: r.escalated_to,
    nudgedAt: r.nudged_at,
    grantStartedAt: r.grant_started_at,
    grantId: r.grant_id,
    approvalsNeeded: r.approvals_needed,
    approvedBy: r.approved_by,
    targetMfa: r.target_mfa,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const PATCH_COLUMNS: Record<keyof RequestPatch, string> = {
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  decisionNote: 'decision_note',
  executedWith: 'executed_with',
  result: 'result',
  error: 'error',
  grantExpiresAt: 'grant_expires_at',
  escalatedAt: 'escalated_at',
  escalatedTo: 'escalated_to',
  nudgedAt: 'nudged_at',
  grantStartedAt: 'grant_started_at',
};

/** SET clauses for a patch, numbered from `first`; objects go to jsonb as JSON text (arrays stay arrays, for text[]). */
function patchSql(patch: RequestPatch | undefined, first: number): { sets: string[]; values: unknown[] } {
  const entries = Object.entries(patch ?? {}).filter(([, v]) => v !== undefined) as [keyof RequestPatch, unknown][];
  return {
    sets: entries.map(([k], i) => `${PATCH_COLUMNS[k]} = $${i + first}`),
    values: entries.map(([, v]) =>
      v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) ? JSON.stringify(v) : v,
    ),
  };
}

/** The SET and the condition of an approval toward a quorum, its parameters numbered from `first`. */
function approvalSql(
  approval: TransitionInput['approval'],
  first: number,
): { sets: string[]; where: string; values: unknown[] } {
  if (!approval) return { sets: [], where: '', values: [] };
  return {
    sets: [`approved_by = array_append(o.approved_by, $${first}::text)`],
    where: ` AND cardinality(o.approved_by) = $${first + 1} AND NOT ($${first}::text = ANY(o.approved_by))`,
    values: [approval.by, approval.seen],
  };
}

export type CreateResult =
  | { ok: true; request: RequestRecord }
  | { ok: false; code: 'duplicate'; existing: RequestRecord };

export type TransitionResult =
  | { ok: true; request: RequestRecord; from: RequestStatus }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'wrong_status'; current: RequestRecord };

/** Runs inside the store's transaction, so work it records (a job) commits or rolls back with the change. */
export type Within = (tx: pg.PoolClient, request: RequestRecord) => Promise<void>;

export interface TransitionInput {
  id: string;
  event: string;
  from: readonly RequestStatus[];
  to: RequestStatus;
  actorId: string;
  patch?: RequestPatch;
  detail?: Record<string, unknown>;
  within?: Within;
  /** Applies only while this column is still null: a change that may happen once (an escalation). */
  whileNull?: keyof RequestPatch;
  /**
   * An approval toward the request's quorum: `by` is appended to `approved_by`, and only while the
   * row still holds the `seen` approvals the caller counted and not `by`'s, so whether this one
   * completes the quorum was decided on what the row holds now.
   */
  approval?: { by: string; seen: number };
}

export class RequestStore {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Inserts the request and its first event; an identical open request wins instead (one per dedupe key). */
  async create(input: NewRequest, within?: Within): Promise<CreateResult> {
    try {
      const request = await withTransaction(this.pool, async (c) => {
        const { rows } = await c.query<Row>(
          `INSERT INTO requests (id, kind, status, requester_id, requester_email, target_user_id, role, project_id,
                                 duration_ms, reason, dedupe_key, target_email, grant_id, approvals_needed, target_mfa)
           VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
          [
            input.id,
            input.kind,
            input.requesterId,
            input.requesterEmail ?? null,
            input.targetUserId ?? null,
            input.role ?? null,
            input.projectId ?? null,
            input.durationMs ?? null,
            input.reason,
            input.dedupeKey,
            input.targetEmail ?? null,
            input.grantId ?? null,
            input.approvalsNeeded ?? 1,
            input.targetMfa ?? null,
          ],
        );
        const created = toRecord(rows[0]!);
        await within?.(c, created);
        // Last: the event append holds the one chain-wide lock until commit, so nothing may follow it.
        await appendEvent(c, {
          requestId: input.id,
          event: 'create',
          fromStatus: null,
          toStatus: 'pending',
          actorId: input.requesterId,
          detail: {},
        });
        return created;
      });
      return { ok: true, request };
    } catch (err) {
      if ((err as { constraint?: string }).constraint !== 'requests_one_open_per_key') throw err;
      const existing = await this.findOpenByDedupeKey(input.dedupeKey);
      // The other one closed between our insert and this read: a retry will go through.
      if (!existing) return this.create(input, within);
      return { ok: false, code: 'duplicate', existing };
    }
  }

  async get(id: string): Promise<RequestRecord | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM requests WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async findOpenByDedupeKey(dedupeKey: string): Promise<RequestRecord | undefined> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM requests WHERE dedupe_key = $1 AND status = ANY($2) ORDER BY created_at LIMIT 1',
      [dedupeKey, OPEN_STATUSES],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Requests this approver approved that have not started, e.g. because no key could act for them. */
  async approvedBy(deciderId: string): Promise<RequestRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM requests WHERE status = 'approved' AND decided_by = $1 ORDER BY decided_at`,
      [deciderId],
    );
    return rows.map(toRecord);
  }

  /**
   * The only way a status changes: one conditional UPDATE plus one chained event, in one
   * transaction. Concurrent callers queue on the row lock; after the winner commits the others
   * see the new status, match nothing, and get `wrong_status` with the current row.
   */
  async transition(t: TransitionInput): Promise<TransitionResult> {
    const { sets, values } = patchSql(t.patch, 4);
    const once = t.whileNull ? PATCH_COLUMNS[t.whileNull] : undefined;
    const approval = approvalSql(t.approval, 4 + values.length);
    const outcome = await withTransaction(this.pool, async (c) => {
      const { rows } = await c.query<Row & { prev: RequestStatus }>(
        `UPDATE requests r SET status = $3, updated_at = now()${[...sets, ...approval.sets].map((s) => `, ${s}`).join('')}
           FROM (SELECT id, status AS prev, approved_by${once ? `, ${once}` : ''} FROM requests WHERE id = $1 FOR UPDATE) o
          WHERE r.id = o.id AND o.prev = ANY($2)${once ? ` AND o.${once} IS NULL` : ''}${approval.where}
          RETURNING r.*, o.prev`,
        [t.id, t.from, t.to, ...values, ...approval.values],
      );
      const row = rows[0];
      if (!row) return undefined;
      const request = toRecord(row);
      await t.within?.(c, request);
      // Last: the event append holds the one chain-wide lock until commit, so nothing may follow it.
      await appendEvent(c, {
        requestId: t.id,
        event: t.event,
        fromStatus: row.prev,
        toStatus: t.to,
        actorId: t.actorId,
        detail: t.detail ?? {},
      });
      return { request, from: row.prev };
    });
    if (outcome) return { ok: true, ...outcome };
    const current = await this.get(t.id);
    return current ? { ok: false, code: 'wrong_status', current } : { ok: false, code: 'not_found' };
  }

  /**
   * Claims a live grant's end for the one who will undo it: its end becomes now if it was later
   * (an early end), and no extension can succeed after this (see moveGrantEnd). Nothing is claimed
   * when the grant is not live, or when its end is later than `notAfter` (an extension moved it past
   * the end a job was made for). Waits for an extension in flight on the row, then sees its result.
   * `within` (e.g. the job that ends it now) commits with the claim.
   */
  async claimGrantEnd(id: string, notAfter?: Date, within?: Within): Promise<RequestRecord | undefined> {
    return withTransaction(this.pool, async (c) => {
      const { rows } = await c.query<Row>(
        // Milliseconds, as JavaScript's Date (and the jobs' endsAt) hold them.
        `UPDATE requests SET grant_expires_at = LEAST(grant_expires_at, date_trunc('milliseconds', clock_timestamp())),
                updated_at = now()
          WHERE id = $1 AND status = 'done' AND grant_expires_at IS NOT NULL
            AND ($2::timestamptz IS NULL OR grant_expires_at <= $2)
          RETURNING *`,
        [id, notAfter ?? null],
      );
      const claimed = rows[0] ? toRecord(rows[0]) : undefined;
      if (claimed) await within?.(c, claimed);
      return claimed;
    });
  }

  /**
   * Moves a live grant's end from `from` to `to`, in the caller's transaction (an extension's own
   * success): only while the grant is live, its end still `from` and not yet passed, so an end
   * already claimed (claimGrantEnd) or passed is never moved. Undefined when it was not moved.
   */
  async moveGrantEnd(tx: pg.PoolClient, grantId: string, from: Date, to: Date): Promise<RequestRecord | undefined> {
    const { rows } = await tx.query<Row>(
      `UPDATE requests SET grant_expires_at = $3, updated_at = now()
        WHERE id = $1 AND status = 'done' AND grant_expires_at = $2 AND grant_expires_at > clock_timestamp()
        RETURNING *`,
      [grantId, from, to],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** A note on a request that does not change its status (e.g. why an approved request waits). */
  async annotate(id: string, status: RequestStatus, patch: RequestPatch): Promise<RequestRecord | undefined> {
    const { sets, values } = patchSql(patch, 3);
    const { rows } = await this.pool.query<Row>(
      `UPDATE requests SET updated_at = now()${sets.map((s) => `, ${s}`).join('')} WHERE id = $1 AND status = $2 RETURNING *`,
      [id, status, ...values],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /**
   * Records the requester's nudge at `now` if the last one was at or before `lastAllowed` (or
   * none), in one conditional UPDATE, so of two presses at once one counts; `within` stores its
   * job in the same transaction. Undefined when the request is no longer pending or was just nudged.
   */
  async nudge(
    id: string,
    now: Date,
    lastAllowed: Date,
    within: (tx: pg.PoolClient) => Promise<void>,
  ): Promise<RequestRecord | undefined> {
    return withTransaction(this.pool, async (c) => {
      const { rows } = await c.query<Row>(
        `UPDATE requests SET nudged_at = $2, updated_at = now()
          WHERE id = $1 AND status = 'pending' AND (nudged_at IS NULL OR nudged_at <= $3) RETURNING *`,
        [id, now, lastAllowed],
      );
      if (!rows[0]) return undefined;
      await within(c);
      return toRecord(rows[0]);
    });
  }

  async addCard(requestId: string, card: CardRef): Promise<void> {
    await this.pool.query(
      `INSERT INTO request_cards (request_id, channel, ts) VALUES ($1, $2, $3)
       ON CONFLICT (request_id, channel) DO UPDATE SET ts = EXCLUDED.ts`,
      [requestId, card.channel, card.ts],
    );
  }

  async cards(requestId: string): Promise<CardRef[]> {
    const { rows } = await this.pool.query<CardRef>(
      'SELECT channel, ts FROM request_cards WHERE request_id = $1 ORDER BY channel',
      [requestId],
    );
    return rows;
  }
}
