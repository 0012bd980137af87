import type { JobRun } from '../app/ports.ts';
import type { ServiceContext } from '../services/context.ts';

/** Half-way to expiry and still undecided: one nudge to each approver who may decide it and has not approved it. */
export async function remindApprovers(ctx: ServiceContext, run: JobRun): Promise<void> {
  const request = await ctx.store.get(run.data.requestId);
  if (request?.status !== 'pending') return;
  const cards = await ctx.store.cards(request.id);
  // Those who already approved have nothing left to do.
  const approvers = (await ctx.approvers.all(request)).filter(
    (id) => id !== request.requesterId && id !== request.targetUserId && !request.approvedBy.includes(id),
  );
  const expiresAt = new Date(request.createdAt.getTime() + ctx.config.requestTtlMs);
  await Promise.all(
    approvers.map((id) => ctx.surface.dm(id, ctx.present.approverReminder(request, expiresAt, cards[0]))),
  );
}
