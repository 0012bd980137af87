import type { JobRun } from '../app/ports.ts';
import type { ServiceContext } from '../services/context.ts';

/** The requester's nudge, said under every copy of the card (a new DM where the card is a DM), naming who may decide. */
export async function nudgeApprovers(ctx: ServiceContext, run: JobRun): Promise<void> {
  const request = await ctx.store.get(run.data.requestId);
  // Decided in the meantime: nobody needs the reminder any more.
  if (request?.status !== 'pending') return;
  const approvers = (await ctx.approvers.all(request)).filter(
    (id) => id !== request.requesterId && id !== request.targetUserId,
  );
  const message = ctx.present.nudge(request, approvers);
  await Promise.all((await ctx.store.cards(request.id)).map((card) => ctx.surface.followUp(card, message)));
}
