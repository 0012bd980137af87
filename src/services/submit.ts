import type { NewRequest, RequestRecord } from '../store/request-types.ts';
import type { ServiceContext } from './context.ts';

export type SubmitResult =
  | { ok: true; request: RequestRecord; cardsPlaced: number }
  | { ok: false; code: 'duplicate'; existing: RequestRecord };

/** The common tail of every ask: store it (one open per dedupe key), card it, audit it. */
export async function submitRequest(ctx: ServiceContext, input: Omit<NewRequest, 'id'>): Promise<SubmitResult> {
  const ttl = ctx.config.requestTtlMs;
  // Expiry and the reminder commit with the request itself: a crash cannot leave one unscheduled.
  const created = await ctx.store.create({ ...input, id: ctx.newRequestId() }, async (tx, r) => {
    await ctx.jobs.scheduleAt('expire-request', r.id, new Date(r.createdAt.getTime() + ttl), tx);
    await ctx.jobs.scheduleAt('remind-approvers', r.id, new Date(r.createdAt.getTime() + ttl / 2), tx);
  });
  if (!created.ok) return { ok: false, code: 'duplicate', existing: created.existing };
  const cardsPlaced = await ctx.cards.publish(created.request);
  await ctx.audit.record(created.request, 'create', input.requesterId);
  return { ok: true, request: created.request, cardsPlaced };
}
