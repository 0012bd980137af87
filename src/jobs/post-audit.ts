import type { JobRun } from '../app/ports.ts';
import type { ServiceContext } from '../services/context.ts';

/** The audit line rendered when the transition happened; throws when Slack failed, so it is retried: an outage delays, never loses. */
export async function postAudit(ctx: ServiceContext, run: JobRun): Promise<void> {
  const channel = ctx.config.auditChannelId;
  if (channel && run.data.message) await ctx.surface.post(channel, run.data.message);
}
