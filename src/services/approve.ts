import type { JobSpec } from '../app/ports.ts';
import { nextApproval } from '../domain/quorum.ts';
import type { RequestPatch, RequestRecord } from '../domain/request-record.ts';
import { move } from '../transitions/move.ts';
import type { ServiceContext } from './context.ts';

export type ApproveResult =
  | { ok: true; request: RequestRecord }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'already_decided'; request: RequestRecord }
  /** This approver's approval already counts (or, for break-glass, the requester's or target's does). */
  | { ok: false; code: 'already_approved' | 'break_glass_counted'; request: RequestRecord };

export interface Approval {
  approverId: string;
  /** Recorded in the approval's event (break-glass: its reason). */
  detail?: Record<string, unknown>;
  /** Set on the row with the approval (break-glass: its reason as the decision note). */
  patch?: RequestPatch;
  /** Jobs that commit with the approval, whether or not it completes the quorum. */
  jobs?: (request: RequestRecord) => JobSpec[];
}

/**
 * One approval of a checked approver, toward the request's quorum. Short of it, an `endorse` event
 * and the request stays pending; the one that reaches it is the `approve` that starts the execution,
 * and its approver is `decided_by`, whose key acts. The row only takes it while it holds the
 * approvals counted here, so however the clicks race, exactly one approval completes the quorum;
 * a click that lost to another's approval counts again on the row as it is now.
 */
export async function recordApproval(ctx: ServiceContext, r: RequestRecord, a: Approval): Promise<ApproveResult> {
  let current = r;
  for (;;) {
    const next = nextApproval(current, a.approverId);
    if (!next.ok) return { ok: false, code: next.code, request: current };
    const quorum = next.needed > 1 ? { approvals: next.approvals, needed: next.needed } : {};
    const moved = await move(ctx, {
      id: r.id,
      event: next.complete ? 'approve' : 'endorse',
      actorId: a.approverId,
      approval: { by: a.approverId, seen: current.approvedBy.length },
      patch: { ...a.patch, ...(next.complete ? { decidedBy: a.approverId, decidedAt: new Date() } : {}) },
      detail: { ...a.detail, ...quorum },
      // The execution job commits with the approval: no crash can leave an approval without its job.
      jobs: (moved): JobSpec[] => [
        ...(next.complete ? [{ name: 'execute-request' as const, data: { requestId: r.id } }] : []),
        ...(a.jobs?.(moved) ?? []),
      ],
    });
    if (moved.ok) return { ok: true, request: moved.request };
    if (moved.code === 'not_found') return moved;
    if (moved.current.status !== 'pending') return { ok: false, code: 'already_decided', request: moved.current };
    ctx.log.debug({ requestId: r.id, approver: a.approverId }, 'another approval landed first; counting again');
    current = moved.current;
  }
}
