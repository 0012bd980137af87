import type { NewRequest, RequestRecord } from '../store/request-types.ts';
import type { ServiceContext } from './context.ts';

export type SubmitResult =
  | { ok: true; request: RequestRecord; cardsPlaced: number }
  | { ok: false; code: 'duplicate'; existing: RequestRecord };

/** The common tail of every ask: store it (one open per dedupe key), card it, audit it. */
export async function submitRequest(ctx: ServiceContext, input: Omit<NewRequest, 'id'>): Promise<SubmitResult> {
  const created = await ctx.store.create({ ...input, id: ctx.newRequestId() });
  if (!created.ok) return { ok: false, code: 'duplicate', existing: created.existing };
  const cardsPlaced = await ctx.cards.publish(created.request);
  await ctx.audit.record(created.request, 'create', input.requesterId);
  return { ok: true, request: created.request, cardsPlaced };
}
