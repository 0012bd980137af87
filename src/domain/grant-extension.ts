// Extending a live grant and warning its holder before it ends: the rules, pure. The store moves
// the end, the jobs deliver the warnings; here is only what the new end is, whether the limits
// allow it, and which warnings are still to come.

/** Each extension's limit (the kind's `max`) and the grant's whole life's (`maxTotal`). */
export interface ExtensionLimits {
  maxMs: number;
  maxTotalMs: number;
}

/** The grant as an extension sees it: when Neon applied it and when it ends now. */
export interface GrantSpan {
  startedAt: Date;
  endsAt: Date;
}

export type ExtensionPlan =
  | { ok: true; newEnd: Date }
  | { ok: false; code: 'over_max'; maxMs: number }
  /** `latestEnd`: the latest end `maxTotal` allows, so the refusal can say how much is left. */
  | { ok: false; code: 'over_total'; maxTotalMs: number; latestEnd: Date };

/** The new end counts from the current end; each extension is bounded by `max`, the whole life by `maxTotal`. */
export function planExtension(grant: GrantSpan, extraMs: number, limits: ExtensionLimits): ExtensionPlan {
  if (extraMs > limits.maxMs) return { ok: false, code: 'over_max', maxMs: limits.maxMs };
  const newEnd = new Date(grant.endsAt.getTime() + extraMs);
  const latestEnd = new Date(grant.startedAt.getTime() + limits.maxTotalMs);
  if (newEnd > latestEnd) return { ok: false, code: 'over_total', maxTotalMs: limits.maxTotalMs, latestEnd };
  return { ok: true, newEnd };
}

/** What an extension's `result` records: whose end moved, from when to when (ISO). */
export interface ExtensionOutcome {
  grantId: string;
  oldEnd: string;
  newEnd: string;
}

/** A warning to the holder, `leadMs` before the end, due `at`. */
export interface GrantWarning {
  leadMs: number;
  at: Date;
}

/**
 * The warnings still to come for a grant ending at `endsAt`: one per lead time, dropped when it
 * would fall before the grant started (a 2 h grant gets no 24 h warning) or before `now` (an
 * extension does not repeat a warning whose time has passed). Latest first is not promised.
 */
export function warningsFor(leadsMs: readonly number[], grant: GrantSpan, now: Date): GrantWarning[] {
  const from = Math.max(grant.startedAt.getTime(), now.getTime());
  return [...new Set(leadsMs)]
    .map((leadMs) => ({ leadMs, at: new Date(grant.endsAt.getTime() - leadMs) }))
    .filter((w) => w.at.getTime() > from);
}

/** The kinds whose requests are grants a person holds (and may extend, or end early). */
export function isGrantKind(kind: string): kind is 'key' | 'role' {
  return kind === 'key' || kind === 'role';
}

/** Who holds a grant: the person a role change was for, or whoever asked for the key. */
export function holderOf(grant: { requesterId: string; targetUserId: string | null }): string {
  return grant.targetUserId ?? grant.requesterId;
}

/** Why a grant cannot be extended now, or its span when it can. */
export type GrantState =
  | { ok: true; span: GrantSpan }
  /** Not a key or temporary role that is live (a lasting role, an invitation, not carried out yet). */
  | { ok: false; code: 'not_timed' }
  /** Reached its end (or was ended early by its holder) at `at`. */
  | { ok: false; code: 'ended'; at: Date }
  /** Revoked before its end (its owner, an unrevealed key, reconciliation). */
  | { ok: false; code: 'revoked' };

/** Whether this grant is live now, as a request row records it. */
export function grantState(
  g: {
    kind: string;
    status: string;
    grantExpiresAt: Date | null;
    grantStartedAt: Date | null;
    result: Record<string, unknown> | null;
    createdAt: Date;
  },
  now: Date,
): GrantState {
  if (!isGrantKind(g.kind) || !g.grantExpiresAt) return { ok: false, code: 'not_timed' };
  const endedOnTime = g.status === 'reverted' || (g.status === 'revoked' && g.result?.revokedFor === 'expiry');
  if (g.status === 'revoked' && !endedOnTime) return { ok: false, code: 'revoked' };
  if (endedOnTime || (g.status === 'done' && g.grantExpiresAt <= now))
    return { ok: false, code: 'ended', at: g.grantExpiresAt };
  if (g.status !== 'done') return { ok: false, code: 'not_timed' };
  // A grant from before starts were recorded counts from its ask: never a longer life than allowed.
  return { ok: true, span: { startedAt: g.grantStartedAt ?? g.createdAt, endsAt: g.grantExpiresAt } };
}

/** A moment as people read it in plain text (UTC, to the minute): `2026-03-01 10:00 UTC`. */
export function utcMinute(d: Date): string {
  return `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
