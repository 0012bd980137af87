import type { JobRun } from '../app/ports.ts';
import { holderOf } from '../domain/grant-extension.ts';
import type { ServiceContext } from '../services/context.ts';

/** Some time before a grant ends: its holder is told, with Extend… and End now; a stale warning does nothing. */
export async function warnGrant(ctx: ServiceContext, run: JobRun): Promise<void> {
  const { requestId, endsAt, leadMs } = run.data;
  const grant = await ctx.store.get(requestId);
  // Ended (or ended early), or extended: the extension scheduled the warnings of the new end.
  if (grant?.status !== 'done' || grant.grantExpiresAt?.toISOString() !== endsAt) return;
  await ctx.surface.dm(holderOf(grant), ctx.present.grantWarning(grant, leadMs ?? 0));
}
