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

/** Who holds a grant: the person a role change was for, or whoever asked for the key. */
export function holderOf(grant: { requesterId: string; targetUserId: string | null }): string {
  return grant.targetUserId ?? grant.requesterId;
}
