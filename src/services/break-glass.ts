import type { JobSpec } from '../app/ports.ts';
import { mayBreakGlass } from '../domain/decision.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { recordApproval } from './approve.ts';
import type { ServiceContext } from './context.ts';
import { checkDecider, type DecideResult } from './decide.ts';

export type BreakGlassResult =
  | Exclude<DecideResult, { code: 'break_glass' }>
  | { ok: false; code: 'break_glass_off' }
  | { ok: false; code: 'not_own'; request: RequestRecord }
  | { ok: false; code: 'reason_too_short'; minLength: number };

export interface BreakGlassInput {
  requestId: string;
  deciderId: string;
  reason: string;
}

/** Shorter than the policy's minimum: refused (the form shows why before anything is sent). */
export function breakGlassReasonTooShort(ctx: ServiceContext, reason: string): boolean {
  return reason.trim().length < ctx.config.policy.breakGlass.minReasonLength;
}

/**
 * An approver approves their own request, when the policy allows break-glass: only with a typed
 * reason, recorded in the approval event, and told loudly — the audit line (announce) and a DM to
 * every other approver, global or of the request's project, committed with the approval.
 */
export async function breakGlassApprove(ctx: ServiceContext, input: BreakGlassInput): Promise<BreakGlassResult> {
  const { enabled, minReasonLength } = ctx.config.policy.breakGlass;
  if (!enabled) return { ok: false, code: 'break_glass_off' };
  if (breakGlassReasonTooShort(ctx, input.reason))
    return { ok: false, code: 'reason_too_short', minLength: minReasonLength };
  const check = await checkDecider(ctx, input.requestId, input.deciderId);
  // Someone else's request needs no break-glass: the card's Approve button does it.
  if (check.ok) return { ok: false, code: 'not_own', request: check.request };
  if (check.code !== 'self_decision' || !mayBreakGlass(check.request.kind)) return check;

  const reason = input.reason.trim();
  const everyone = new Set([...(await ctx.approvers.all()), ...(await ctx.approvers.all(check.request))]);
  everyone.delete(input.deciderId);
  // It counts as one approval: alone it approves only a request that needs one.
  return recordApproval(ctx, check.request, {
    approverId: input.deciderId,
    patch: { decisionNote: reason },
    detail: { breakGlass: true, reason },
    jobs: (r) =>
      [...everyone].map(
        (to): JobSpec => ({
          name: 'tell-requester',
          data: { requestId: r.id, event: `break-glass:${to}`, to, message: ctx.present.breakGlassNotice(r) },
        }),
      ),
  });
}
