import type { RequestRecord } from '../domain/request-record.ts';
import { move } from '../transitions/move.ts';
import type { ServiceContext } from './context.ts';

export type CancelResult =
  | { ok: true; request: RequestRecord }
  /** Also for an id that does not exist: the answer does not tell whether someone else's does. */
  | { ok: false; code: 'not_yours' }
  | { ok: false; code: 'not_pending'; request: RequestRecord };

/**
 * Withdraws a pending request; only the person who asked may. The same conditional move as a
 * decision, so a cancel racing an approval has one winner and the loser is told which.
 */
export async function cancelRequest(
  ctx: ServiceContext,
  input: { requestId: string; userId: string },
): Promise<CancelResult> {
  const request = await ctx.store.get(input.requestId);
  if (request?.requesterId !== input.userId) return { ok: false, code: 'not_yours' };
  const moved = await move(ctx, {
    id: request.id,
    event: 'cancel',
    actorId: input.userId,
    patch: { decidedAt: new Date() },
  });
  if (moved.ok) return { ok: true, request: moved.request };
  return moved.code === 'not_found'
    ? { ok: false, code: 'not_yours' }
    : { ok: false, code: 'not_pending', request: moved.current };
}
