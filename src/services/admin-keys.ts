import { checkAdminKey, type KeyRefusal } from './admin-key-check.ts';
import type { ServiceContext } from './context.ts';
import { withinDeadline } from './deadline.ts';

/**
 * Slack drops the modal's answer after 3 s; the checks (who may connect, a Slack profile read,
 * three Neon calls) get this much of it, leaving room to store the key and answer.
 */
const CHECK_DEADLINE_MS = 2_000;
/** Neon keys are ~70 characters; anything far longer is a paste gone wrong. */
const MAX_KEY_LENGTH = 200;

export type MayConnect = { ok: true } | { ok: false; code: 'not_approver' | 'encryption_not_configured' };

export type ConnectResult =
  | { ok: true; neonEmail: string; waiting: string[] }
  | Exclude<MayConnect, { ok: true }>
  | ({ ok: false } & KeyRefusal)
  | { ok: false; code: 'no_slack_email' | 'timed_out' };

export type DisconnectResult = { ok: true; removed: boolean };

/** Checked before the modal opens and again on submit (the person may have stopped being an approver). */
export async function mayConnect(ctx: ServiceContext, userId: string): Promise<MayConnect> {
  if (!(await ctx.approvers.isApprover(userId))) return { ok: false, code: 'not_approver' };
  if (!ctx.credentials.canSeal) return { ok: false, code: 'encryption_not_configured' };
  return { ok: true };
}

/**
 * Checks the offered key with Neon and stores it sealed only if every check passes. Quick
 * enough for a modal's answer; the follow-up (audit line, waiting approvals) is
 * `afterConnect`, for after that answer.
 */
export async function connectAdminKey(
  ctx: ServiceContext,
  input: { userId: string; key: string },
): Promise<ConnectResult> {
  const key = input.key.trim();
  const verdict = await withinDeadline(verify(ctx, input.userId, key), CHECK_DEADLINE_MS);
  if (verdict === undefined) return { ok: false, code: 'timed_out' };
  if (!verdict.ok) return verdict;

  await ctx.credentials.save({
    slackUserId: input.userId,
    key,
    neonUserId: verdict.neonUserId,
    neonEmail: verdict.neonEmail,
  });
  const waiting = await ctx.store.approvedBy(input.userId);
  return { ok: true, neonEmail: verdict.neonEmail, waiting: waiting.map((r) => r.id) };
}

/** Records the connection and runs the approvals that were waiting for this admin's key. */
export async function afterConnect(
  ctx: ServiceContext,
  userId: string,
  connected: Extract<ConnectResult, { ok: true }>,
): Promise<void> {
  await ctx.surface.notify(ctx.config.auditChannelId, ctx.present.adminKeyEvent('connected', userId));
  // Handing one over twice is harmless: only one run moves a request out of `approved`.
  for (const id of connected.waiting) await ctx.jobs.execute(id);
}

/** Anyone may remove their own stored key, approver or not any more. */
export async function disconnectAdminKey(ctx: ServiceContext, userId: string): Promise<DisconnectResult> {
  const removed = await ctx.credentials.remove(userId);
  if (removed) await ctx.surface.notify(ctx.config.auditChannelId, ctx.present.adminKeyEvent('disconnected', userId));
  return { ok: true, removed };
}

type Verdict = Awaited<ReturnType<typeof checkAdminKey>> | Exclude<ConnectResult, { ok: true }>;

async function verify(ctx: ServiceContext, userId: string, key: string): Promise<Verdict> {
  const allowed = await mayConnect(ctx, userId);
  if (!allowed.ok) return allowed;
  if (key === '' || key.length > MAX_KEY_LENGTH || /\s/.test(key)) return { ok: false, code: 'invalid_key' };
  const person = await ctx.directory.person(userId);
  if (!person?.email) return { ok: false, code: 'no_slack_email' };
  return checkAdminKey({ neon: ctx.neon.forKey(key), orgId: ctx.config.neon.orgId, slackEmail: person.email });
}
