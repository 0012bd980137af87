import type { ServiceContext } from './context.ts';

export type ReconcileAskResult = { ok: true; postsTo: 'audit_channel' | 'dm' } | { ok: false; code: 'not_approver' };

/**
 * `/neon admin reconcile`: queued as the same job the schedule sends, so it outlives a restart,
 * and a second ask while one waits adds nothing (one waiting job per queue).
 */
export async function askReconcile(ctx: ServiceContext, userId: string): Promise<ReconcileAskResult> {
  if (!(await ctx.approvers.isApprover(userId))) return { ok: false, code: 'not_approver' };
  await ctx.jobs.send('reconcile', { requestId: '', by: userId });
  return { ok: true, postsTo: ctx.config.auditChannelId ? 'audit_channel' : 'dm' };
}
