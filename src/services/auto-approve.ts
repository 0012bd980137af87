import { type AutoApproveRule, matchAutoApproval, policyDecider, usergroupsNamed } from '../domain/policy.ts';
import { SYSTEM_ACTOR } from '../domain/request.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { KIND_ACTIONS } from '../kinds/kinds.ts';
import { countAutoApprovals } from '../store/auto-approvals.ts';
import { move } from '../transitions/move.ts';
import type { ServiceContext } from './context.ts';

/** What a policy rule did with a new request; absent when no rule matched it. */
export type AutoApproval =
  | { outcome: 'approved'; rule: string }
  /** The rule matched, but it already approved its quota for this requester in the window. */
  | { outcome: 'quota_spent'; rule: string; quota: AutoApproveRule['quota'] }
  /** The rule matched, but only NEON_API_KEY can act for a rule, and there is none. */
  | { outcome: 'no_key'; rule: string };

/** Thrown inside the approving transaction to roll the approval back. */
class QuotaSpent extends Error {}

/**
 * Right after a request is stored: the first policy rule that matches it approves it, as the
 * bot, unless the rule's quota for this requester is spent. Otherwise the request simply waits
 * for a person, as it would without a policy.
 */
export async function autoApprove(
  ctx: ServiceContext,
  r: RequestRecord,
): Promise<{ request: RequestRecord; autoApproval?: AutoApproval }> {
  const policy = ctx.config.policy;
  // A request the policy wants several people to approve is never approved by a rule.
  if (policy.autoApprove.length === 0 || r.approvalsNeeded > 1) return { request: r };
  const groups = await ctx.groups.of(r.requesterId, usergroupsNamed(policy));
  const rule = matchAutoApproval(policy, r, groups);
  if (!rule) return { request: r };
  const decidedBy = policyDecider(rule.name);
  // Approving what nothing can carry out would strand the request; a person's own key can. A kind
  // that makes no Neon call (an extension) needs no key.
  if (!KIND_ACTIONS[r.kind].apply && !(await ctx.keys.forApprover(decidedBy)))
    return { request: r, autoApproval: { outcome: 'no_key', rule: rule.name } };

  try {
    const moved = await move(ctx, {
      id: r.id,
      event: 'approve',
      actorId: SYSTEM_ACTOR,
      patch: { decidedBy, decidedAt: new Date(), decisionNote: null },
      detail: { rule: rule.name },
      within: async (tx) => {
        // Counted in the approving transaction, after its own event: appending an event takes the
        // chain's lock until commit, so two approvals by one rule cannot both see room for one more.
        const since = new Date(Date.now() - rule.quota.perMs);
        const used = await countAutoApprovals(tx, { rule: rule.name, requesterId: r.requesterId, since });
        // This approval's own event is appended after this check: `used` counts the earlier ones.
        if (used >= rule.quota.requests) throw new QuotaSpent();
      },
      jobs: () => [{ name: 'execute-request', data: { requestId: r.id } }],
    });
    // A person decided (or the requester withdrew) in the meantime: theirs stands.
    if (!moved.ok) return { request: moved.code === 'wrong_status' ? moved.current : r };
    return { request: moved.request, autoApproval: { outcome: 'approved', rule: rule.name } };
  } catch (err) {
    if (!(err instanceof QuotaSpent)) throw err;
    return { request: r, autoApproval: { outcome: 'quota_spent', rule: rule.name, quota: rule.quota } };
  }
}
