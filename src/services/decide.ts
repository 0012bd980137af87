import { checkDecision, mayBreakGlass } from '../domain/decision.ts';
import { nextApproval } from '../domain/quorum.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { move } from '../transitions/move.ts';
import { type ApproveResult, recordApproval } from './approve.ts';
import type { ServiceContext } from './context.ts';

export type Decision = 'approve' | 'deny';

export type DecideResult =
  | ApproveResult
  /** `routedProject`: the request belongs to a project whose own approvers (by policy) decide it. */
  | {
      ok: false;
      code: 'not_approver' | 'self_decision' | 'already_decided';
      request: RequestRecord;
      routedProject?: string;
    }
  /** The approver's own pending request, and the policy allows break-glass: it needs their typed reason (services/break-glass.ts). */
  | { ok: false; code: 'break_glass'; request: RequestRecord };

export interface DecideInput {
  requestId: string;
  deciderId: string;
  decision: Decision;
  note?: string;
}

/** Every rule a click must pass before it may change anything; shared by Deny (before its modal) and the decision. */
export async function checkDecider(
  ctx: ServiceContext,
  requestId: string,
  deciderId: string,
): Promise<Exclude<DecideResult, { code: 'break_glass' }>> {
  const request = await ctx.store.get(requestId);
  if (!request) return { ok: false, code: 'not_found' };
  const verdict = checkDecision({
    request: {
      requesterId: request.requesterId,
      targetUserId: request.targetUserId ?? undefined,
      status: request.status,
    },
    deciderId,
    isApprover: await ctx.approvers.isApprover(deciderId, request),
  });
  if (verdict.ok) return { ok: true, request };
  const routed = verdict.code === 'not_approver' && ctx.approvers.route(request)?.approvers ? request.projectId : null;
  return { ok: false, code: verdict.code, request, ...(routed ? { routedProject: routed } : {}) };
}

/**
 * Approve or deny. Every change is one conditional UPDATE, so of ten simultaneous clicks exactly
 * one decides (a Deny, or the approval that completes the quorum); the others are told who did.
 */
export async function decide(ctx: ServiceContext, input: DecideInput): Promise<DecideResult> {
  const check = await checkDecider(ctx, input.requestId, input.deciderId);
  // With break-glass on, Approve on one's own pending request asks for a reason instead of refusing.
  const own = !check.ok && check.code === 'self_decision' && input.decision === 'approve';
  if (
    own &&
    ctx.config.policy.breakGlass.enabled &&
    check.request.status === 'pending' &&
    mayBreakGlass(check.request.kind)
  ) {
    // No reason form for a break-glass that could not count.
    const next = nextApproval(check.request, input.deciderId);
    return { ok: false, code: next.ok ? 'break_glass' : next.code, request: check.request };
  }
  if (!check.ok) return check;
  if (input.decision === 'approve') return recordApproval(ctx, check.request, { approverId: input.deciderId });
  // One Deny ends the request, however many approvals it has.
  const note = input.note?.trim() || null;
  const moved = await move(ctx, {
    id: input.requestId,
    event: 'deny',
    actorId: input.deciderId,
    patch: { decidedBy: input.deciderId, decidedAt: new Date(), decisionNote: note },
    detail: note ? { note } : {},
  });
  if (!moved.ok) {
    return moved.code === 'not_found' ? moved : { ok: false, code: 'already_decided', request: moved.current };
  }
  return { ok: true, request: moved.request };
}
