import type { JobSpec } from '../app/ports.ts';
import { checkNudge, NUDGE_GAP_MS, nextNudgeAt } from '../domain/nudge.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { ServiceContext } from './context.ts';

export type NudgeResult =
  /** `nextAt`: when the button works again. */
  | { ok: true; request: RequestRecord; nextAt: Date }
  /** Also for an id that does not exist: the answer does not tell whether someone else's does. */
  | { ok: false; code: 'not_requester' }
  | { ok: false; code: 'not_pending'; request: RequestRecord }
  | { ok: false; code: 'too_soon'; request: RequestRecord; nextAt: Date };

/**
 * The requester's "Nudge approvers": at most once per 30 minutes per pending request. The nudge
 * is recorded by one conditional UPDATE with its job (which says it under the cards), so of two
 * presses at once one nudges and the other is told when it may again.
 */
export async function nudge(
  ctx: ServiceContext,
  input: { requestId: string; userId: string },
  now = new Date(),
): Promise<NudgeResult> {
  const request = await ctx.store.get(input.requestId);
  if (!request) return { ok: false, code: 'not_requester' };
  const check = checkNudge(request, input.userId, now);
  if (!check.ok) return check.code === 'not_requester' ? { ok: false, code: check.code } : { ...check, request };
  let stored: JobSpec[] = [];
  const nudged = await ctx.store.nudge(request.id, now, new Date(now.getTime() - NUDGE_GAP_MS), async (tx) => {
    stored = [{ name: 'nudge-approvers', data: { requestId: request.id, event: `nudge:${now.getTime()}` } }];
    await ctx.jobs.sendAll(stored, { tx });
  });
  if (!nudged) {
    // Decided, or nudged by a press an instant earlier: say which, from the row as it is now.
    const current = (await ctx.store.get(request.id)) ?? request;
    const again = checkNudge(current, input.userId, now);
    if (!again.ok && again.code !== 'not_requester') return { ...again, request: current };
    return { ok: false, code: 'too_soon', request: current, nextAt: new Date(now.getTime() + NUDGE_GAP_MS) };
  }
  ctx.jobs.wake(stored);
  ctx.log.info({ requestId: request.id }, 'approvers nudged');
  return { ok: true, request: nudged, nextAt: nextNudgeAt(nudged.nudgedAt, now) };
}
