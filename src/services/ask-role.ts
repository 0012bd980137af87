import type { Command } from '../domain/command-grammar.ts';
import { checkMfa } from '../domain/mfa.ts';
import { checkDuration } from '../domain/policy.ts';
import type { OrgRole } from '../domain/request.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { isManaged } from '../kinds/role-change.ts';
import { memberByEmail } from '../neon/client.ts';
import type { ServiceContext } from './context.ts';
import { limitsFor } from './durations.ts';
import { checkRoleParties, type NotEligible } from './eligibility.ts';
import { type SubmitResult, submitRequest } from './submit.ts';

/** Who a refusal is about: the target, and whether that is the requester themself (for the wording). */
interface About {
  targetUserId: string;
  self: boolean;
}

export type RoleAskResult =
  | Exclude<SubmitResult, { ok: false }>
  | ({ ok: false; code: 'duplicate'; existing: RequestRecord } & About)
  | NotEligible
  | { ok: false; code: 'duration_too_long'; maxMs: number }
  | ({ ok: false; code: 'target_not_eligible'; deactivated: boolean } & About)
  | ({ ok: false; code: 'no_email' } & About)
  | ({ ok: false; code: 'not_member'; email: string } & About)
  | ({ ok: false; code: 'already_in_role'; role: OrgRole } & About)
  | ({ ok: false; code: 'unmanaged_role'; role: string } & About)
  /** The policy's requireMfa: Neon reports the target's MFA off (or does not say, with `unknown: refuse`). */
  | ({ ok: false; code: 'mfa_off' | 'mfa_unknown'; role: OrgRole; email: string } & About);

export type RoleAsk = Omit<Extract<Command, { name: 'role' }>, 'name'> & { requesterId: string };

/**
 * "Change my role" (or a teammate's, with @user): the Neon member is found by the target's own
 * Slack profile email. Whatever would make the change impossible or pointless is refused before
 * any card; approval looks again, since Neon may change in between.
 */
export async function askRole(ctx: ServiceContext, ask: RoleAsk): Promise<RoleAskResult> {
  // Without `for`, a lasting change, unless the policy gives role changes a default duration.
  const duration = checkDuration(limitsFor(ctx, 'role'), ask.durationMs);
  if (!duration.ok) return { ok: false, code: 'duration_too_long', maxMs: duration.maxMs };

  const targetUserId = ask.targetUserId ?? ask.requesterId;
  const about: About = { targetUserId, self: targetUserId === ask.requesterId };
  const parties = await checkRoleParties(ctx, ask.requesterId, targetUserId);
  if (!parties.ok) return parties.code === 'not_eligible' ? parties : { ...parties, ...about };
  const { email } = parties;

  // One open role change per person: two at once would race, and the second's "previous role" would be the first's.
  const dedupeKey = `role:${targetUserId}`;
  const open = await ctx.store.findOpenByDedupeKey(dedupeKey);
  if (open) return { ok: false, code: 'duplicate', existing: open, ...about };

  // Without any key the check waits for execution, which refuses a non-member just as clearly.
  let targetMfa: boolean | null = null;
  const lookup = await ctx.keys.forLookup();
  if (lookup) {
    const member = memberByEmail(await ctx.neon.shared(lookup.key).listMembers(ctx.config.neon.orgId), email);
    if (!member || member.deactivatedAt) return { ok: false, code: 'not_member', email, ...about };
    if (!isManaged(member)) return { ok: false, code: 'unmanaged_role', role: member.role, ...about };
    if (member.role === ask.role) return { ok: false, code: 'already_in_role', role: ask.role, ...about };
    const mfa = checkMfa(ctx.config.policy.requireMfa, ask.role, member.hasMfa);
    if (!mfa.ok) return { ok: false, code: mfa.code, role: ask.role, email, ...about };
    targetMfa = member.hasMfa ?? null;
  }

  const submitted = await submitRequest(ctx, {
    kind: 'role',
    requesterId: ask.requesterId,
    targetUserId,
    targetEmail: email,
    targetMfa,
    role: ask.role,
    durationMs: duration.durationMs,
    reason: ask.reason,
    dedupeKey,
  });
  return submitted.ok ? submitted : { ...submitted, ...about };
}
