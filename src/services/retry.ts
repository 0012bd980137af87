import type { RequestRecord } from '../domain/request-record.ts';
import { move } from '../transitions/move.ts';
import type { ServiceContext } from './context.ts';

export type RetryResult =
  | { ok: true; request: RequestRecord }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'not_approver' | 'not_failed'; request?: RequestRecord };

/** An approver sends a failed request back to the executor; the retry looks before it creates. */
export async function retryRequest(ctx: ServiceContext, requestId: string, approverId: string): Promise<RetryResult> {
  // A project's own approvers (by policy) retry its requests; without the request, the global ones decide.
  if (!(await ctx.approvers.isApprover(approverId, await ctx.store.get(requestId))))
    return { ok: false, code: 'not_approver' };
  const moved = await move(ctx, {
    id: requestId,
    event: 'retry',
    actorId: approverId,
    // The approver who retries is the one whose key acts now.
    patch: { decidedBy: approverId, error: null },
    jobs: () => [{ name: 'execute-request', data: { requestId } }],
  });
  if (moved.ok) return { ok: true, request: moved.request };
  return moved.code === 'not_found' ? moved : { ok: false, code: 'not_failed', request: moved.current };
}
