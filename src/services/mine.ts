import type { MineView } from '../domain/views.ts';
import type { ServiceContext } from './context.ts';

/** Enough to recognise a request by its id; older ones are in the audit export. */
export const RECENT_REQUESTS = 10;

export async function listMine(ctx: ServiceContext, userId: string): Promise<MineView> {
  const [recent, grants] = await Promise.all([
    ctx.listings.recentBy(userId, RECENT_REQUESTS),
    ctx.listings.liveGrantsOf(userId),
  ]);
  return { recent, grants };
}
