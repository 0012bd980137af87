// The operators' policy (POLICY_FILE), as data, and what it says about one request. Pure: the
// loader (src/policy/) validates the file into this shape, services bring the I/O (who is in which
// Slack user group, how many approvals a rule already gave).
import { DEFAULT_MFA_POLICY, type MfaPolicy } from './mfa.ts';
import type { OrgRole, RequestKind, RequestStatus } from './request.ts';

/** The kinds that last a while, and so have durations. */
export type TimedKind = 'key' | 'role';

export interface DurationLimits {
  maxMs?: number;
  defaultMs?: number;
  /** A grant's whole life, extensions included, from when Neon applied it; unset, 4× `maxMs`. */
  maxTotalMs?: number;
}

/** `maxTotal` when the policy names none: four times the longest single ask. */
export const MAX_TOTAL_FACTOR = 4;

export interface AutoApproveRule {
  /** Shown on the card and in the audit line; recorded in the approval event. */
  name: string;
  kinds: RequestKind[];
  roles?: OrgRole[];
  projects?: string[];
  /** Who: a requester listed here, or in one of `usergroups` (either list alone also works). */
  requesters?: string[];
  usergroups?: string[];
  /** Only requests that last at most this long (so never a lasting role change or an invitation). */
  maxDurationMs?: number;
  /** At most this many approvals by this rule per requester in any window of `perMs`. */
  quota: { requests: number; perMs: number };
}

/** A request still pending `afterMs` after it was made is shown to these people as well, who may then decide it. */
export interface Escalation {
  afterMs: number;
  to: { usergroups: string[]; users: string[] };
}

/** How many approvals requests like these need; the first rule that matches counts. */
export interface ApprovalsRule {
  kinds: RequestKind[];
  roles?: OrgRole[];
  projects?: string[];
  /** Approvals by distinct approvers before the request runs (at most MAX_APPROVALS). */
  count: number;
}

export interface ProjectPolicy {
  /** Only these people decide this project's key requests (instead of the global approvers). */
  approvers?: string[];
  /** Where its cards go (instead of APPROVAL_CHANNEL_ID, or the approvers' DMs). */
  channel?: string;
  /** Can only tighten the key limits: the smaller maximum wins. */
  durations?: DurationLimits;
  /** Replaces the global escalation for this project's key requests. */
  escalation?: Escalation;
}

export interface Policy {
  autoApprove: AutoApproveRule[];
  durations: Partial<Record<TimedKind, DurationLimits>>;
  /** By Neon project id. */
  projects: Record<string, ProjectPolicy>;
  breakGlass: { enabled: boolean; minReasonLength: number };
  /** None: a request waits for its approvers until it expires, as before. */
  escalation?: Escalation;
  approvals: ApprovalsRule[];
  requireMfa: MfaPolicy;
}

/** No policy file: today's behaviour (no rule, the environment's durations, global approvers, no break-glass). */
export const EMPTY_POLICY: Policy = Object.freeze({
  autoApprove: [],
  durations: {},
  projects: {},
  breakGlass: { enabled: false, minReasonLength: 10 },
  approvals: [],
  requireMfa: DEFAULT_MFA_POLICY,
});

/** The request as the policy sees it. */
export interface PolicySubject {
  kind: RequestKind;
  requesterId: string;
  role?: OrgRole | null;
  projectId?: string | null;
  durationMs?: number | null;
}

const has = <T>(list: readonly T[] | undefined, value: T | null | undefined): boolean =>
  list === undefined || (value !== null && value !== undefined && list.includes(value));

/** Every Slack user group a rule names: the ones whose members must be known to match. */
export function usergroupsNamed(policy: Policy): string[] {
  return [...new Set(policy.autoApprove.flatMap((rule) => rule.usergroups ?? []))];
}

function ruleMatches(rule: AutoApproveRule, s: PolicySubject, requesterGroups: ReadonlySet<string>): boolean {
  const who =
    (rule.requesters === undefined && rule.usergroups === undefined) ||
    (rule.requesters?.includes(s.requesterId) ?? false) ||
    (rule.usergroups?.some((g) => requesterGroups.has(g)) ?? false);
  const short =
    rule.maxDurationMs === undefined || (typeof s.durationMs === 'number' && s.durationMs <= rule.maxDurationMs);
  return who && short && rule.kinds.includes(s.kind) && has(rule.roles, s.role) && has(rule.projects, s.projectId);
}

/**
 * The rule that decides this request: the first in the file that matches (every criterion it
 * names, any value of each list). Later rules are not tried, even when its quota is spent, so
 * the file reads top to bottom like a firewall.
 */
export function matchAutoApproval(
  policy: Policy,
  s: PolicySubject,
  requesterGroups: ReadonlySet<string>,
): AutoApproveRule | undefined {
  return policy.autoApprove.find((rule) => ruleMatches(rule, s, requesterGroups));
}

/**
 * How many approvals this request needs: the count of the first `approvals:` rule that matches
 * (its kinds, and every other criterion it names); none matching, one, as without a policy.
 */
export function approvalsNeeded(policy: Policy, s: Omit<PolicySubject, 'requesterId' | 'durationMs'>): number {
  return (
    policy.approvals.find((r) => r.kinds.includes(s.kind) && has(r.roles, s.role) && has(r.projects, s.projectId))
      ?.count ?? 1
  );
}

/**
 * The limits one ask is held to: the policy's for the kind replace the environment's, and a
 * project's can only tighten them. A default never exceeds the maximum that applies. `maxTotalMs`
 * bounds a grant's whole life with its extensions; each layer's defaults to 4× its own `max`.
 */
export function durationLimits(
  policy: Policy,
  kind: TimedKind,
  env: { maxMs: number; defaultMs?: number },
  projectId?: string,
): { maxMs: number; defaultMs?: number; maxTotalMs: number } {
  const own = policy.durations[kind];
  const project = kind === 'key' && projectId ? policy.projects[projectId]?.durations : undefined;
  const kindMaxMs = own?.maxMs ?? env.maxMs;
  const maxMs = Math.min(kindMaxMs, project?.maxMs ?? Infinity);
  const maxTotalMs = Math.min(
    own?.maxTotalMs ?? MAX_TOTAL_FACTOR * kindMaxMs,
    project?.maxTotalMs ?? (project?.maxMs === undefined ? Infinity : MAX_TOTAL_FACTOR * project.maxMs),
  );
  const defaultMs = project?.defaultMs ?? own?.defaultMs ?? env.defaultMs;
  return defaultMs === undefined ? { maxMs, maxTotalMs } : { maxMs, maxTotalMs, defaultMs: Math.min(defaultMs, maxMs) };
}

export type DurationCheck = { ok: true; durationMs?: number } | { ok: false; maxMs: number };

/** The asked duration, or the default when none was asked; refused beyond the maximum. */
export function checkDuration(
  limits: { maxMs: number; defaultMs?: number },
  askedMs: number | undefined,
): DurationCheck {
  if (askedMs !== undefined && askedMs > limits.maxMs) return { ok: false, maxMs: limits.maxMs };
  const durationMs = askedMs ?? limits.defaultMs;
  return durationMs === undefined ? { ok: true } : { ok: true, durationMs };
}

export interface Route {
  approvers?: string[];
  channel?: string;
}

/** A key request (or a key's extension) on a project the policy routes: who decides it and where its card goes. Else undefined (the global setup). */
export function projectRoute(policy: Policy, r: { kind: RequestKind; projectId?: string | null }): Route | undefined {
  // An extension of a key carries the key's project, and is decided where the key was.
  if ((r.kind !== 'key' && r.kind !== 'extend') || !r.projectId) return undefined;
  const p = policy.projects[r.projectId];
  if (!p || (!p.approvers && !p.channel)) return undefined;
  return { ...(p.approvers ? { approvers: p.approvers } : {}), ...(p.channel ? { channel: p.channel } : {}) };
}

// A rule's approval is recorded as decided by `policy:<rule>`: never a Slack user ID (those start with U or W).
const POLICY_DECIDER = 'policy:';

export function policyDecider(ruleName: string): string {
  return `${POLICY_DECIDER}${ruleName}`;
}

/** The rule behind an approval, when a rule (not a person) decided. */
export function policyRuleOf(decidedBy: string | null | undefined): string | undefined {
  return decidedBy?.startsWith(POLICY_DECIDER) ? decidedBy.slice(POLICY_DECIDER.length) : undefined;
}

/** The escalation a request is under: its project's (key requests), else the global one, else none. */
export function escalationFor(
  policy: Policy,
  r: { kind: RequestKind; projectId?: string | null },
): Escalation | undefined {
  const project = r.kind === 'key' && r.projectId ? policy.projects[r.projectId]?.escalation : undefined;
  return project ?? policy.escalation;
}

/** When a request made at `createdAt` is escalated. */
export function escalationAt(createdAt: Date, escalation: Escalation): Date {
  return new Date(createdAt.getTime() + escalation.afterMs);
}

/** Is it time to escalate? Only a pending request, never escalated yet, whose delay has passed. */
export function escalationDue(
  r: { status: RequestStatus; createdAt: Date; escalatedAt: Date | null },
  escalation: Escalation,
  now: Date,
): boolean {
  return r.status === 'pending' && r.escalatedAt === null && now >= escalationAt(r.createdAt, escalation);
}

/** The IDs an escalation names (user groups, then users), as recorded on the request and shown on its card. */
export function escalationTargets(escalation: Escalation): string[] {
  return [...escalation.to.usergroups, ...escalation.to.users];
}
