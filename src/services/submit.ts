import { announce } from '../actions/announce.ts';
import type { NewRequest, RequestRecord } from '../store/request-types.ts';
import type { ServiceContext } from './context.ts';

export type SubmitResult = { ok: true; request: RequestRecord } | { ok: false; code: 'duplicate'; existing: RequestRecord };

/**
 * The common tail of every ask: store it (one open per dedupe key) together with its expiry, its
 * reminder and its announcement (the card, the audit line), so a crash cannot leave one undone.
 */
export async function submitRequest(ctx: ServiceContext, input: Omit<NewRequest, 'id'>): Promise<SubmitResult> {
  const ttl = ctx.config.requestTtlMs;
  const created = await ctx.store.create({ ...input, id: ctx.newRequestId() }, async (tx, r) => {
    await ctx.jobs.scheduleAt('expire-request', r.id, new Date(r.createdAt.getTime() + ttl), tx);
    await ctx.jobs.scheduleAt('remind-approvers', r.id, new Date(r.createdAt.getTime() + ttl / 2), tx);
    await announce(ctx, tx, r, 'create', input.requesterId);
  });
  if (!created.ok) return { ok: false, code: 'duplicate', existing: created.existing };
  ctx.jobs.wake();
  return { ok: true, request: created.request };
}
