import type { JobSpec } from '../app/ports.ts';
import { approvalsNeeded, escalationAt, escalationFor } from '../domain/policy.ts';
import type { NewRequest, RequestRecord } from '../domain/request-record.ts';
import { announcements } from '../transitions/announcements.ts';
import { type AutoApproval, autoApprove } from './auto-approve.ts';
import type { ServiceContext } from './context.ts';

export type SubmitResult =
  | { ok: true; request: RequestRecord; autoApproval?: AutoApproval }
  | { ok: false; code: 'duplicate'; existing: RequestRecord };

/**
 * The common tail of every ask: store it (one open per dedupe key, needing the approvals the policy
 * says) together with its expiry, its reminder, its escalation (when the policy has one for it) and
 * its announcement (the card, the audit line), so a crash cannot leave one undone.
 * Then the policy may approve it at once (a crash in between leaves it for a person).
 */
export async function submitRequest(
  ctx: ServiceContext,
  input: Omit<NewRequest, 'id' | 'approvalsNeeded'>,
): Promise<SubmitResult> {
  const ttl = ctx.config.requestTtlMs;
  let stored: JobSpec[] = [];
  const needed = approvalsNeeded(ctx.config.policy, input);
  const created = await ctx.store.create(
    { ...input, id: ctx.newRequestId(), approvalsNeeded: needed },
    async (tx, r) => {
      const escalation = escalationFor(ctx.config.policy, r);
      const escalate: JobSpec[] = escalation
        ? [{ name: 'escalate-request', data: { requestId: r.id }, startAfter: escalationAt(r.createdAt, escalation) }]
        : [];
      stored = [
        { name: 'expire-request', data: { requestId: r.id }, startAfter: new Date(r.createdAt.getTime() + ttl) },
        { name: 'remind-approvers', data: { requestId: r.id }, startAfter: new Date(r.createdAt.getTime() + ttl / 2) },
        ...escalate,
        ...announcements(ctx.present, r, 'create', input.requesterId),
      ];
      await ctx.jobs.sendAll(stored, { tx });
    },
  );
  if (!created.ok) return { ok: false, code: 'duplicate', existing: created.existing };
  ctx.log.info({ requestId: created.request.id, kind: input.kind, requester: input.requesterId }, 'request created');
  ctx.jobs.wake(stored);
  // The request exists whatever happens next: a failed auto-approval leaves it to a person, never to "nothing was asked".
  const decided = await autoApprove(ctx, created.request).catch((err: unknown) => {
    ctx.log.error(
      { err, requestId: created.request.id },
      'policy auto-approval failed; the request waits for an approver',
    );
    return { request: created.request };
  });
  return { ok: true, ...decided };
}
