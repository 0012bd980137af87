import type { RequestKind, RequestStatus } from './request.ts';

export interface DecisionInput {
  request: { requesterId: string; targetUserId?: string | undefined; status: RequestStatus };
  deciderId: string;
  isApprover: boolean;
}

export type DecisionCheck = { ok: true } | { ok: false; code: 'not_approver' | 'self_decision' | 'already_decided' };

/**
 * May this person approve or deny this request now? Checked in this order so the answer names
 * the most fundamental problem: a non-approver learns they cannot decide at all, whatever the
 * state of the request.
 */
export function checkDecision({ request, deciderId, isApprover }: DecisionInput): DecisionCheck {
  if (!isApprover) return { ok: false, code: 'not_approver' };
  // Nobody decides for themselves, neither as requester nor as the person a role change is for.
  if (deciderId === request.requesterId || deciderId === request.targetUserId) {
    return { ok: false, code: 'self_decision' };
  }
  if (request.status !== 'pending') return { ok: false, code: 'already_decided' };
  return { ok: true };
}

/**
 * An approver approved their own request (or a role change for themselves): only break-glass
 * does that, and it always carries the typed reason. A retry by the requester keeps the original
 * approval's (absent) note, so it is not mistaken for one.
 */
export function isBreakGlass(r: {
  requesterId: string;
  targetUserId: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  status: RequestStatus;
}): boolean {
  const self = r.decidedBy !== null && (r.decidedBy === r.requesterId || r.decidedBy === r.targetUserId);
  return self && r.decisionNote !== null && r.status !== 'denied';
}

/** Removing someone from the organization is always another approver's decision: break-glass never approves one. */
export function mayBreakGlass(kind: RequestKind): boolean {
  return kind !== 'remove';
}
