import { checkDecision } from '../domain/decision.ts';
import type { HomeData } from '../domain/views.ts';
import type { ServiceContext } from './context.ts';
import { listMine } from './mine.ts';

/** The oldest this many pending requests are sorted into "for you" or not; far more than ever wait at once. */
const PENDING_LOOKED_AT = 1_000;

export async function homeOf(ctx: ServiceContext, userId: string): Promise<HomeData> {
  const [mine, approver, pending] = await Promise.all([
    listMine(ctx, userId),
    ctx.approvers.isApprover(userId),
    ctx.listings.pending(PENDING_LOOKED_AT),
  ]);
  const mayDecide = await Promise.all(
    pending.requests.map(async (r) => {
      const request = { requesterId: r.requesterId, targetUserId: r.targetUserId ?? undefined, status: r.status };
      return checkDecision({ request, deciderId: userId, isApprover: await ctx.approvers.isApprover(userId, r) }).ok;
    }),
  );
  const waiting = pending.requests.filter((_, i) => mayDecide[i]);
  return approver || waiting.length > 0 ? { userId, ...mine, waiting } : { userId, ...mine };
}

/** Renders the person's Home from the database as it is now and publishes it; throws when Slack refused. */
export async function showHome(ctx: ServiceContext, userId: string): Promise<void> {
  await ctx.surface.publishHome(userId, ctx.present.home(await homeOf(ctx, userId)));
}

/** The person opened the Home tab: remembered (so later changes re-publish it), then shown. */
export async function openHome(ctx: ServiceContext, userId: string): Promise<void> {
  await ctx.homeViewers.opened(userId);
  await showHome(ctx, userId);
}
