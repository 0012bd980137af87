import type { JobSpec, Presenter } from '../app/ports.ts';
import type { RequestRecord } from '../domain/request-record.ts';

/** Events the requester hears about by DM (the others they caused, or hear of later). */
const TOLD_EVENTS: ReadonlySet<string> = new Set(['deny', 'succeed', 'fail', 'expire', 'revoke', 'revert']);
/** Events the person a role change is for hears about, when someone else asked: their role changed, or changed back. */
const TARGET_TOLD_EVENTS: ReadonlySet<string> = new Set(['succeed', 'revert']);

/**
 * What Slack must show about a transition, as jobs to commit with it. The audit line and the DM
 * are rendered now, from the row as this transition left it; the cards are rendered when their
 * job runs, from the row as it is then.
 */
export function announcements(present: Presenter, r: RequestRecord, event: string, actorId: string): JobSpec[] {
  const jobs: JobSpec[] = [
    { name: 'sync-cards', data: { requestId: r.id } },
    { name: 'sync-home', data: { requestId: r.id, event } },
  ];
  if (event !== 'start')
    jobs.push({ name: 'post-audit', data: { requestId: r.id, event, message: present.auditLine(r, event, actorId) } });
  if (TOLD_EVENTS.has(event))
    jobs.push({ name: 'tell-requester', data: { requestId: r.id, event, message: present.requesterNotice(r) } });
  // The person a role change or an extension is for hears of it; someone being removed is not told by the bot.
  if (TARGET_TOLD_EVENTS.has(event) && r.kind !== 'remove' && r.targetUserId && r.targetUserId !== r.requesterId) {
    jobs.push({
      name: 'tell-requester',
      data: { requestId: r.id, event: `${event}:target`, to: r.targetUserId, message: present.targetNotice(r) },
    });
  }
  return jobs;
}
