import type { JobRun } from '../app/ports.ts';
import { escalationAt, escalationDue, escalationFor, escalationTargets } from '../domain/policy.ts';
import { SYSTEM_ACTOR } from '../domain/request.ts';
import type { ServiceContext } from '../services/context.ts';
import { move } from '../transitions/move.ts';

/**
 * Still pending after the policy's escalation delay: recorded once (an event in the chain, with
 * its audit line), and the card's sync, committed with it, puts the card in the DMs of those it
 * names, who may then decide it. The policy of the moment decides: one changed since the request
 * was made may have dropped the escalation or moved its time.
 */
export async function escalateRequest(ctx: ServiceContext, run: JobRun): Promise<void> {
  const request = await ctx.store.get(run.data.requestId);
  const escalation = request && escalationFor(ctx.config.policy, request);
  if (!request || !escalation || request.status !== 'pending' || request.escalatedAt) return;
  const now = new Date();
  if (!escalationDue(request, escalation, now)) {
    await ctx.jobs.scheduleAt('escalate-request', request.id, escalationAt(request.createdAt, escalation));
    return;
  }
  const to = escalationTargets(escalation);
  // Only while never escalated: a retry, or a second job, finds it set and changes nothing.
  await move(ctx, {
    id: request.id,
    event: 'escalate',
    actorId: SYSTEM_ACTOR,
    patch: { escalatedAt: now, escalatedTo: to },
    detail: { to, afterMs: escalation.afterMs },
    whileNull: 'escalatedAt',
  });
}
