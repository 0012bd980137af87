import type { JobRun } from '../app/ports.ts';
import { revokeFromJob } from '../kinds/key-revocation.ts';
import type { ServiceContext } from '../services/context.ts';

/**
 * KEY_SECRET_HOLD passed: the secret is deleted whether or not anyone clicked Reveal. A key never
 * revealed can never be used, so it is revoked too, and the requester told to ask again.
 */
export async function purgeKeySecret(ctx: ServiceContext, run: JobRun): Promise<void> {
  const id = run.data.requestId;
  const left = await ctx.keySecrets.drop(id);
  if (!left || left.revealedAt) return;
  const request = await ctx.store.get(id);
  if (request) await revokeFromJob(ctx, request, 'unrevealed');
}
