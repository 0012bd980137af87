import type { JobRun } from '../app/ports.ts';
import type { ServiceContext } from '../services/context.ts';

/** Re-renders every copy of the card from the row as it is now; throws when Slack failed, so pg-boss retries it. */
export async function syncCards(ctx: ServiceContext, run: JobRun): Promise<void> {
  const request = await ctx.store.get(run.data.requestId);
  if (request && !(await ctx.cards.sync(request))) throw new Error('some cards could not be brought up to date');
}
