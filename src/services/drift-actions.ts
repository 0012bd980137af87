import type { DriftFinding } from '../domain/drift.ts';
import { issuedKeyOf } from '../domain/issued-key.ts';
import { revokeIssuedKey } from '../kinds/key-revocation.ts';
import { NeonError } from '../neon/errors.ts';
import { askRemove, type RemoveAskResult } from './ask-remove.ts';
import { askRole, type RoleAskResult } from './ask-role.ts';
import type { ServiceContext } from './context.ts';

/** Findings the bot has no request or record for: the button explains the step an admin takes in Neon. */
export type ManualFinding = Extract<DriftFinding, { kind: 'unknown_bot_key' | 'stale_invitation' }>;

export type FindingActionResult =
  | { ok: false; code: 'not_approver' }
  | { ok: true; code: 'manual'; finding: ManualFinding }
  /** A role request was asked for (or refused, as `/neon role` would be). */
  | { ok: true; code: 'role_asked'; asked: RoleAskResult }
  /** A removal was asked for (or refused, as `/neon admin remove` would be). */
  | { ok: true; code: 'remove_asked'; asked: RemoveAskResult }
  | { ok: false; code: 'no_slack_account'; email: string }
  | { ok: true; code: 'restore_queued'; requestId: string }
  | { ok: true; code: 'key_closed'; requestId: string; keyId: number }
  /** The record is no longer what the finding said (ended meanwhile, or not yet due). */
  | { ok: false; code: 'not_live'; requestId: string; status: string | undefined }
  | { ok: false; code: 'key_present'; requestId: string; keyId: number }
  | { ok: false; code: 'no_neon_key' }
  | { ok: false; code: 'neon_failed'; message: string };

export const DEMOTE_REASON = 'Reconciliation: an admin in Neon whom the bot did not make one.';
export const REMOVE_REASON = 'Reconciliation: their Slack account is deactivated, and they are still in Neon.';

/**
 * An approver's click on a reconciliation finding. Nothing in Neon changes here by itself: an
 * admin the bot did not grant becomes an ordinary role request, a member whose Slack account is
 * deactivated an ordinary removal request (another approver decides each), and the bot's own
 * records are only brought back to what they should say.
 */
export async function actOnFinding(
  ctx: ServiceContext,
  clickerId: string,
  finding: DriftFinding,
): Promise<FindingActionResult> {
  if (!(await ctx.approvers.isApprover(clickerId))) return { ok: false, code: 'not_approver' };
  switch (finding.kind) {
    case 'admin_not_granted':
      return askToMakeMember(ctx, clickerId, finding.email);
    case 'expired_role':
      return restoreRole(ctx, clickerId, finding.requestId);
    case 'recorded_key_missing':
      return closeKeyRecord(ctx, clickerId, finding.requestId);
    case 'slack_deactivated': {
      // An ordinary removal request, asked by the clicker: another approver decides.
      const asked = await askRemove(ctx, { requesterId: clickerId, targetEmail: finding.email, reason: REMOVE_REASON });
      return { ok: true, code: 'remove_asked', asked };
    }
    default:
      return { ok: true, code: 'manual', finding };
  }
}

/** The requester is the clicker and the target that person, found in Slack by their Neon email. */
async function askToMakeMember(ctx: ServiceContext, clickerId: string, email: string): Promise<FindingActionResult> {
  const person = await ctx.directory.byEmail(email);
  if (!person || person.deactivated) return { ok: false, code: 'no_slack_account', email };
  const asked = await askRole(ctx, {
    requesterId: clickerId,
    targetUserId: person.id,
    role: 'member',
    reason: DEMOTE_REASON,
  });
  return { ok: true, code: 'role_asked', asked };
}

/** The role's own end-grant job, sent again under its own singleton key so a retry waiting out its backoff does not hold it up. */
async function restoreRole(ctx: ServiceContext, clickerId: string, requestId: string): Promise<FindingActionResult> {
  const r = await ctx.store.get(requestId);
  if (r?.kind !== 'role' || r.status !== 'done' || !r.grantExpiresAt || r.grantExpiresAt.getTime() > Date.now()) {
    return { ok: false, code: 'not_live', requestId, status: r?.status };
  }
  await ctx.jobs.send('end-grant', { requestId, event: 'reconcile' });
  await ctx.jobs.send('post-audit', {
    requestId,
    event: 'reconcile-restore',
    message: ctx.present.restoreAsked(r, clickerId),
  });
  return { ok: true, code: 'restore_queued', requestId };
}

/**
 * Marks a key the bot counts as live, but Neon no longer lists, revoked. Neon is asked once more
 * first: a key that is there after all is left alone.
 */
async function closeKeyRecord(ctx: ServiceContext, clickerId: string, requestId: string): Promise<FindingActionResult> {
  const r = await ctx.store.get(requestId);
  const issued = r?.kind === 'key' && r.status === 'done' ? issuedKeyOf(r.result) : undefined;
  if (!r || !issued) return { ok: false, code: 'not_live', requestId, status: r?.status };
  try {
    const lookup = await ctx.keys.forLookup();
    const keys = lookup ? await ctx.neon.forKey(lookup.key).listOrgApiKeys(ctx.config.neon.orgId) : [];
    if (keys.some((k) => k.id === issued.keyId))
      return { ok: false, code: 'key_present', requestId, keyId: issued.keyId };
    const outcome = await revokeIssuedKey(ctx, r, clickerId, 'missing');
    if (outcome.ok) return { ok: true, code: 'key_closed', requestId, keyId: issued.keyId };
    if (outcome.code === 'no_neon_key') return { ok: false, code: 'no_neon_key' };
    return { ok: false, code: 'not_live', requestId, status: outcome.request.status };
  } catch (err) {
    if (!(err instanceof NeonError)) throw err;
    return { ok: false, code: 'neon_failed', message: err.message };
  }
}
