import { fromStatuses } from '../domain/request.ts';
import type { ServiceContext } from '../services/context.ts';
import { requesterNotice } from '../slack/blocks/notice.ts';
import type { JobRun } from './queue.ts';

/** REQUEST_TTL passed with no decision: close it, and tell the card, the requester and the audit channel. */
export async function expireRequest(ctx: ServiceContext, run: JobRun): Promise<void> {
  const moved = await ctx.store.transition({ id: run.requestId, event: 'expire', from: fromStatuses('expire'), to: 'expired', actorId: 'system' });
  if (!moved.ok) return; // decided or withdrawn in time
  await ctx.cards.refresh(moved.request);
  await ctx.audit.record(moved.request, 'expire', 'system');
  await ctx.surface.dm(moved.request.requesterId, requesterNotice(moved.request));
}
