import { fromStatuses } from '../domain/request.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import { requesterNotice } from '../slack/blocks/notice.ts';
import type { RequestRecord } from '../store/request-types.ts';
import { performInvite } from './invite.ts';

const NO_KEY = 'no Neon key to act with. The approver can connect their own with `/neon admin connect`, or an operator can set NEON_API_KEY.';

/**
 * Carries out one approved request in Neon. Safe to call more than once: only the caller that
 * moves it approved → executing acts, and the Neon step itself looks before it creates.
 */
export async function executeRequest(ctx: ServiceContext, requestId: string): Promise<void> {
  const approved = await ctx.store.get(requestId);
  if (approved?.status !== 'approved') return;
  const key = await ctx.keys.forApprover(approved.decidedBy ?? '');
  if (!key) {
    const waiting = await ctx.store.annotate(requestId, 'approved', { error: NO_KEY });
    if (waiting) await ctx.cards.refresh(waiting);
    return;
  }
  const started = await ctx.store.transition({
    id: requestId,
    event: 'start',
    from: fromStatuses('start'),
    to: 'executing',
    actorId: 'system',
    patch: { executedWith: key.owner, error: null },
    detail: { keyOwner: key.owner },
  });
  if (!started.ok) return;
  await ctx.cards.refresh(started.request);

  const neon = ctx.neon.forKey(key.key, { requestId });
  let finished: RequestRecord;
  try {
    const result = await perform(ctx, neon, started.request);
    finished = await finish(ctx, requestId, 'succeed', 'done', { result }, result);
  } catch (err) {
    if (!(err instanceof NeonError)) ctx.log.error({ err, requestId }, 'unexpected error while executing');
    const message = err instanceof NeonError ? `Neon answered: ${err.message}` : 'an unexpected error (see the bot logs)';
    finished = await finish(ctx, requestId, 'fail', 'failed', { error: message }, { error: message });
  }
  await ctx.cards.refresh(finished);
  await ctx.audit.record(finished, finished.status, 'system');
  await ctx.surface.dm(finished.requesterId, requesterNotice(finished));
}

async function perform(ctx: ServiceContext, neon: ReturnType<ServiceContext['neon']['forKey']>, r: RequestRecord): Promise<Record<string, unknown>> {
  switch (r.kind) {
    case 'invite':
      return performInvite(neon, ctx.config.neon.orgId, r.requesterEmail!, r.role ?? 'member');
    default:
      throw new Error(`no action for ${r.kind} requests yet`);
  }
}

async function finish(
  ctx: ServiceContext,
  id: string,
  event: 'succeed' | 'fail',
  to: 'done' | 'failed',
  patch: { result?: Record<string, unknown>; error?: string },
  detail: Record<string, unknown>,
): Promise<RequestRecord> {
  const moved = await ctx.store.transition({ id, event, from: fromStatuses(event), to, actorId: 'system', patch, detail });
  if (!moved.ok) throw new Error(`request ${id} left executing unexpectedly (${moved.code})`);
  return moved.request;
}
