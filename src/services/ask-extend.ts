import { type GrantState, grantState, holderOf, isGrantKind, planExtension } from '../domain/grant-extension.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { ServiceContext } from './context.ts';
import { extensionLimits } from './durations.ts';
import { eligiblePerson, type NotEligible } from './eligibility.ts';
import { type SubmitResult, submitRequest } from './submit.ts';

export type ExtendAskResult =
  | Exclude<SubmitResult, { ok: false }>
  /** No such grant, or neither theirs nor one they approve for: the same answer, so ids are not probed. */
  | { ok: false; code: 'not_yours'; grantId: string }
  | (Exclude<GrantState, { ok: true }> & { grantId: string })
  /** An extension of this grant already waits or runs. */
  | { ok: false; code: 'duplicate'; existing: RequestRecord }
  | { ok: false; code: 'over_max'; maxMs: number }
  | { ok: false; code: 'over_total'; maxTotalMs: number; latestEnd: Date }
  | NotEligible;

export interface ExtendAsk {
  requesterId: string;
  grantId: string;
  durationMs: number;
  reason: string;
}

/** Who may ask to extend a grant: its holder, or an approver for them. */
async function mayExtend(ctx: ServiceContext, userId: string, grant: RequestRecord): Promise<boolean> {
  return holderOf(grant) === userId || (await ctx.approvers.isApprover(userId, grant));
}

/** The grant this person may ask to extend (for the Extend… form), or the same refusal as askExtend's. */
export async function grantToExtend(
  ctx: ServiceContext,
  userId: string,
  grantId: string,
): Promise<{ ok: true; grant: RequestRecord } | { ok: false; code: 'not_yours'; grantId: string }> {
  const grant = await ctx.store.get(grantId);
  if (!grant || !isGrantKind(grant.kind) || !(await mayExtend(ctx, userId, grant)))
    return { ok: false, code: 'not_yours', grantId };
  return { ok: true, grant };
}

/**
 * "Extend my grant by 4h": a request of its own (kind `extend`), decided like any other. What
 * can be known now is refused now: not theirs, not live (ended, revoked), one already pending,
 * beyond the kind's `max` for one extension or `maxTotal` for the grant's whole life.
 */
export async function askExtend(ctx: ServiceContext, ask: ExtendAsk): Promise<ExtendAskResult> {
  const found = await grantToExtend(ctx, ask.requesterId, ask.grantId);
  if (!found.ok) return found;
  const { grant } = found;
  const eligible = await eligiblePerson(ctx, ask.requesterId);
  if (!eligible.ok) return eligible;
  const state = grantState(grant, new Date());
  if (!state.ok) return { ...state, grantId: grant.id };
  const dedupeKey = `extend:${grant.id}`;
  const open = await ctx.store.findOpenByDedupeKey(dedupeKey);
  if (open) return { ok: false, code: 'duplicate', existing: open };
  const plan = planExtension(state.span, ask.durationMs, extensionLimits(ctx, grant));
  if (!plan.ok) return plan;

  const submitted = await submitRequest(ctx, {
    kind: 'extend',
    requesterId: ask.requesterId,
    targetUserId: holderOf(grant),
    grantId: grant.id,
    // The grant's project and role: its project's approvers decide, and policy rules match on them.
    ...(grant.projectId ? { projectId: grant.projectId } : {}),
    ...(grant.role ? { role: grant.role } : {}),
    durationMs: ask.durationMs,
    reason: ask.reason,
    dedupeKey,
  });
  return submitted;
}
