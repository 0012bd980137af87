import type { JobRun } from '../app/ports.ts';
import type { ServiceContext } from '../services/context.ts';

/** The DM rendered when the transition happened, to the requester (or `to`); throws when Slack failed, so it is retried. */
export async function tellRequester(ctx: ServiceContext, run: JobRun): Promise<void> {
  const request = await ctx.store.get(run.data.requestId);
  if (request && run.data.message)
    await ctx.surface.post(await ctx.surface.dmChannel(run.data.to ?? request.requesterId), run.data.message);
}
