import type { JobRun } from '../app/ports.ts';
import type { ServiceContext } from '../services/context.ts';
import { showHome } from '../services/home.ts';

/**
 * Transitions after which a different set of requests waits for a decision, or a waiting one's
 * count of approvals changed (`endorse`): its approvers' Homes list them.
 */
const PENDING_SET_CHANGES: ReadonlySet<string> = new Set(['create', 'endorse', 'approve', 'deny', 'cancel', 'expire']);

/**
 * After a transition, re-publishes the Home of everyone it concerns (the requester, the person a
 * role change is for, and those who may decide it when what waits changed), if they ever opened it.
 * Each Home is rendered from the database as it is now, so a retry or a late run shows the truth.
 */
export async function syncHome(ctx: ServiceContext, run: JobRun): Promise<void> {
  const request = await ctx.store.get(run.data.requestId);
  if (!request) return;
  const concerned = new Set([request.requesterId]);
  if (request.targetUserId) concerned.add(request.targetUserId);
  if (PENDING_SET_CHANGES.has(run.data.event ?? ''))
    for (const id of await ctx.approvers.all(request)) concerned.add(id);
  const viewers = await ctx.homeViewers.among([...concerned]);
  const published = await Promise.allSettled(viewers.map((id) => showHome(ctx, id)));
  const failed = published.filter((p) => p.status === 'rejected');
  if (failed.length > 0)
    throw new Error(`${failed.length} of ${viewers.length} Homes could not be published`, { cause: failed[0]!.reason });
}
