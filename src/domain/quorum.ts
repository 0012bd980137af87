// What one more approval does to a request (the policy's `approvals:` rules, domain/policy.ts, say
// how many it needs). Pure.

/** The most approvals a rule may ask for (the database's check too). */
export const MAX_APPROVALS = 10;

export interface QuorumState {
  approvalsNeeded: number;
  /** Who approved so far, in order. */
  approvedBy: readonly string[];
  requesterId: string;
  targetUserId: string | null;
}

export type NextApproval =
  | { ok: false; code: 'already_approved' | 'break_glass_counted'; approvals: number; needed: number }
  | { ok: true; approvals: number; needed: number; complete: boolean };

/** The requester or the target: they approve only by break-glass. */
const isParty = (q: QuorumState, userId: string) => userId === q.requesterId || userId === q.targetUserId;

/** Approvals that count: each approver once, and break-glass (the requester's, the target's) once in all. */
export function approvalsCounted(q: QuorumState): number {
  const others = q.approvedBy.filter((id) => !isParty(q, id)).length;
  return others + (q.approvedBy.length > others ? 1 : 0);
}

/**
 * What one more approval by `approverId` does: nothing when they already approved, or when it is a
 * second break-glass (the requester's and the target's together count once, so a quorum never
 * completes on break-glass alone); else it is the n-th, and completes the request when n reaches
 * the count. Who may approve at all is checkDecision's job.
 */
export function nextApproval(q: QuorumState, approverId: string): NextApproval {
  const needed = q.approvalsNeeded;
  const counted = approvalsCounted(q);
  if (q.approvedBy.includes(approverId)) return { ok: false, code: 'already_approved', approvals: counted, needed };
  if (isParty(q, approverId) && q.approvedBy.some((id) => isParty(q, id)))
    return { ok: false, code: 'break_glass_counted', approvals: counted, needed };
  const approvals = counted + 1;
  return { ok: true, approvals, needed, complete: approvals >= needed };
}
