// Reconciliation: the organization as Neon shows it against what the bot granted. Pure: the
// caller gathers both sides; what to do about a finding is for an approver to choose.

import { normaliseEmail } from './email.ts';
import { requestIdOfKeyName } from './issued-key.ts';
import type { OrgRole } from './request.ts';

/** The organization as Neon lists it. */
export interface NeonSide {
  members: { memberId: string; email: string; role: string }[];
  keys: { id: number; name: string; projectId: string | undefined }[];
  /** Neon lists pending and accepted invitations alike; a member's own invitation is not pending. */
  invitations: { email: string; role: string; invitedAt: string }[];
}

/** What the bot's own records say it granted. */
export interface BotSide {
  /** Emails (any case) whose latest done invitation or role change by the bot made them admin. */
  adminEmails: string[];
  /** Project keys live by the bot's records (their requests are done). */
  liveKeys: { requestId: string; keyId: number; projectId: string; requesterId: string }[];
  /** Key requests being carried out: a key named for one of them may exist before it is recorded. */
  keyRequestsInFlight: string[];
  /** Temporary roles live by the bot's records, with when each should have ended. */
  temporaryRoles: { requestId: string; email: string; targetUserId: string; role: OrgRole; expiresAt: Date }[];
}

export interface DriftInput {
  neon: NeonSide;
  bot: BotSide;
  /** Emails (any case) of Neon members whose Slack account is deactivated. */
  slackDeactivated: string[];
  now: Date;
  /** An invitation pending longer than this is reported. */
  inviteMaxAgeMs: number;
}

export type DriftFinding =
  | { kind: 'admin_not_granted'; email: string; memberId: string }
  /** No project: an org-wide key. */
  | { kind: 'unknown_bot_key'; keyId: number; keyName: string; requestId: string; projectId?: string }
  | { kind: 'recorded_key_missing'; requestId: string; keyId: number; projectId: string; requesterId: string }
  | { kind: 'stale_invitation'; email: string; role: string; invitedAt: Date }
  | { kind: 'expired_role'; requestId: string; email: string; targetUserId: string; role: OrgRole; expiredAt: Date }
  | { kind: 'slack_deactivated'; email: string; memberId: string; role: string };

export type DriftKind = DriftFinding['kind'];

/** A reconciliation that could not compare anything, and why. */
export type DriftFailure =
  | { askedBy: string | undefined; problem: 'no_key' }
  | { askedBy: string | undefined; problem: 'neon'; message: string };

/** What one reconciliation saw and found: all the summary shows. */
export interface DriftSurvey {
  findings: DriftFinding[];
  /** The approver who ran it; undefined for the scheduled run. */
  askedBy: string | undefined;
  /** Whose Neon key read the organization (a Slack user id, or 'fallback'). */
  keyOwner: string;
  at: Date;
  seen: { members: number; keys: number; invitations: number };
  /** Slack listed its accounts: every member was checked for a deactivated account. */
  slackRead: boolean;
  inviteMaxAgeMs: number;
}

/** The order findings are reported in: what grants most access first. */
export const DRIFT_KINDS = [
  'admin_not_granted',
  'unknown_bot_key',
  'expired_role',
  'slack_deactivated',
  'recorded_key_missing',
  'stale_invitation',
] as const satisfies readonly DriftKind[];

/**
 * A temporary role's end-grant job runs at its end, maybe a little late (a poll, a retry): only
 * a role this far past its end is drift, so a run at the wrong moment does not report a revert
 * that is about to happen.
 */
export const EXPIRY_GRACE_MS = 15 * 60_000;

export function findDrift(input: DriftInput): DriftFinding[] {
  const { neon, bot } = input;
  const memberEmails = new Set(neon.members.map((m) => normaliseEmail(m.email)));
  const granted = new Set(bot.adminEmails.map(normaliseEmail));
  const deactivated = new Set(input.slackDeactivated.map(normaliseEmail));
  const inFlight = new Set(bot.keyRequestsInFlight);
  const recordedKeyIds = new Set(bot.liveKeys.map((k) => k.keyId));
  const neonKeyIds = new Set(neon.keys.map((k) => k.id));
  const now = input.now.getTime();
  const findings: DriftFinding[] = [];

  for (const m of neon.members) {
    const email = normaliseEmail(m.email);
    if (m.role === 'admin' && !granted.has(email))
      findings.push({ kind: 'admin_not_granted', email, memberId: m.memberId });
    if (deactivated.has(email)) findings.push({ kind: 'slack_deactivated', email, memberId: m.memberId, role: m.role });
  }
  for (const k of neon.keys) {
    const requestId = requestIdOfKeyName(k.name);
    if (requestId === undefined || recordedKeyIds.has(k.id) || inFlight.has(requestId)) continue;
    findings.push({ kind: 'unknown_bot_key', keyId: k.id, keyName: k.name, requestId, projectId: k.projectId });
  }
  for (const k of bot.liveKeys) {
    if (!neonKeyIds.has(k.keyId)) findings.push({ kind: 'recorded_key_missing', ...k });
  }
  for (const i of neon.invitations) {
    const email = normaliseEmail(i.email);
    const invitedAt = Date.parse(i.invitedAt);
    // An unreadable date proves nothing either way.
    if (memberEmails.has(email) || Number.isNaN(invitedAt) || now - invitedAt <= input.inviteMaxAgeMs) continue;
    findings.push({ kind: 'stale_invitation', email, role: i.role, invitedAt: new Date(invitedAt) });
  }
  for (const r of bot.temporaryRoles) {
    if (now - r.expiresAt.getTime() <= EXPIRY_GRACE_MS) continue;
    const { expiresAt, ...rest } = r;
    findings.push({ kind: 'expired_role', ...rest, email: normaliseEmail(r.email), expiredAt: expiresAt });
  }
  return findings.sort(byKindThenSubject);
}

function byKindThenSubject(a: DriftFinding, b: DriftFinding): number {
  return DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind) || subject(a).localeCompare(subject(b));
}

function subject(f: DriftFinding): string {
  switch (f.kind) {
    case 'unknown_bot_key':
    case 'recorded_key_missing':
      return String(f.keyId).padStart(20, '0');
    case 'expired_role':
      return f.requestId;
    default:
      return f.email;
  }
}
