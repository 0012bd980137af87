import type { JobRun } from '../app/ports.ts';
import { SYSTEM_ACTOR } from '../domain/request.ts';
import type { ServiceContext } from '../services/context.ts';
import { move } from '../transitions/move.ts';

/** REQUEST_TTL passed with no decision: close it; the card, the requester and the audit channel are told. */
export async function expireRequest(ctx: ServiceContext, run: JobRun): Promise<void> {
  // A request decided or withdrawn in time no longer matches, and nothing happens.
  await move(ctx, {
    id: run.data.requestId,
    event: 'expire',
    actorId: SYSTEM_ACTOR,
  });
}
