// "Nudge approvers": the requester re-notifies whoever decides their pending request, at most once
// per NUDGE_GAP_MS per request, so a nudge stays a reminder and never becomes a stream of pings.
import type { RequestStatus } from './request.ts';

export const NUDGE_GAP_MS = 30 * 60_000;

/** When the requester may nudge again after a nudge at `nudgedAt` (never nudged: now). */
export function nextNudgeAt(nudgedAt: Date | null, now: Date): Date {
  return nudgedAt ? new Date(Math.max(now.getTime(), nudgedAt.getTime() + NUDGE_GAP_MS)) : now;
}

export type NudgeCheck =
  | { ok: true }
  | { ok: false; code: 'not_requester' | 'not_pending' }
  /** `nextAt`: the time the button works again. */
  | { ok: false; code: 'too_soon'; nextAt: Date };

/** May `userId` nudge the approvers of this request now? Only its requester, only while it waits. */
export function checkNudge(
  r: { requesterId: string; status: RequestStatus; nudgedAt: Date | null },
  userId: string,
  now: Date,
): NudgeCheck {
  if (userId !== r.requesterId) return { ok: false, code: 'not_requester' };
  if (r.status !== 'pending') return { ok: false, code: 'not_pending' };
  const nextAt = nextNudgeAt(r.nudgedAt, now);
  return nextAt > now ? { ok: false, code: 'too_soon', nextAt } : { ok: true };
}
