import { checkDecision, mayBreakGlass } from '../domain/decision.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { move } from '../transitions/move.ts';
import type { ServiceContext } from './context.ts';

export type Decision = 'approve' | 'deny';

export type DecideResult =
  | { ok: true; request: RequestRecord }
  | { ok: false; code: 'not_found' }
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
 * Approve or deny. The status change is one conditional UPDATE, so of ten simultaneous clicks
 * exactly one wins; the others are told who decided first.
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
    return { ok: false, code: 'break_glass', request: check.request };
  }
  if (!check.ok) return check;
  const moved = await move(ctx, {
    id: input.requestId,
    event: input.decision,
    actorId: input.deciderId,
    patch: { decidedBy: input.deciderId, decidedAt: new Date(), decisionNote: input.note?.trim() || null },
    detail: input.note?.trim() ? { note: input.note.trim() } : {},
    // The execution job commits with the approval: no crash can leave an approval without its job.
    jobs: () =>
      input.decision === 'approve' ? [{ name: 'execute-request', data: { requestId: input.requestId } }] : [],
  });
  if (!moved.ok) {
    return moved.code === 'not_found' ? moved : { ok: false, code: 'already_decided', request: moved.current };
  }
  return { ok: true, request: moved.request };
}
