import { z } from 'zod';
import { DURATION_EXAMPLES, parseDuration } from '../domain/duration.ts';
import { DEFAULT_MFA_POLICY } from '../domain/mfa.ts';
import type { Policy } from '../domain/policy.ts';
import { MAX_APPROVALS } from '../domain/quorum.ts';
import { needsOwnKey, ORG_ROLES, REQUEST_KINDS } from '../domain/request.ts';

// Every object is strict: a misspelt key (`quotas:`) is an error, never a rule silently ignored.

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user ID (U…)');
const usergroupId = z.string().regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID (S…)');
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel ID (C…)');
const projectId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a Neon project id (lowercase letters, digits and dashes)');
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'must list at least one value');

/** The kinds a rule may approve: not those that run only with an approving admin's own key (a removal). */
const RULE_KINDS = REQUEST_KINDS.filter((k) => !needsOwnKey(k));

/** The same durations people type (`30m`, `8h`, `7d`, `2w`), read into milliseconds. */
const duration = z.string().transform((text, ctx) => {
  const parsed = parseDuration(text);
  if (parsed.ok) return parsed.ms;
  ctx.addIssue({ code: 'custom', message: `must be a duration like ${DURATION_EXAMPLES.replace(/`/g, '')}` });
  return z.NEVER;
});

const limits = z
  .object({ max: duration.optional(), default: duration.optional(), maxTotal: duration.optional() })
  .strict()
  .superRefine((l, ctx) => {
    if (l.max !== undefined && l.default !== undefined && l.default > l.max) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: 'must not be longer than max' });
    }
    if (l.max !== undefined && l.maxTotal !== undefined && l.maxTotal < l.max) {
      ctx.addIssue({ code: 'custom', path: ['maxTotal'], message: 'must not be shorter than max' });
    }
  })
  .transform((l) => ({ maxMs: l.max, defaultMs: l.default, maxTotalMs: l.maxTotal }));

const kinds = nonEmpty(z.enum(REQUEST_KINDS, { error: `must be one of ${REQUEST_KINDS.join(', ')}` }));
const roles = nonEmpty(z.enum(ORG_ROLES, { error: `must be one of ${ORG_ROLES.join(', ')}` }));

/** A criterion the rule's kinds can never carry would make part of the rule silently dead. */
function criteriaFitKinds(
  r: { kinds: readonly string[]; roles?: unknown; projects?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (r.projects && r.kinds.some((k) => k !== 'key' && k !== 'extend')) {
    ctx.addIssue({
      code: 'custom',
      path: ['projects'],
      message: 'only key requests (and their extensions) have a project: set kinds to [key] or [key, extend]',
    });
  }
  if (r.roles && r.kinds.includes('key')) {
    ctx.addIssue({ code: 'custom', path: ['roles'], message: 'key requests have no role: leave key out of kinds' });
  }
}

const rule = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/, 'must be 1–48 letters, digits, dots, dashes or underscores'),
    kinds: nonEmpty(z.enum(REQUEST_KINDS, { error: `must be one of ${RULE_KINDS.join(', ')}` })),
    roles: roles.optional(),
    projects: nonEmpty(projectId).optional(),
    requesters: nonEmpty(userId).optional(),
    usergroups: nonEmpty(usergroupId).optional(),
    maxDuration: duration.optional(),
    quota: z
      .object({ requests: z.number().int('must be a whole number').min(1, 'must be at least 1'), per: duration })
      .strict(),
  })
  .strict()
  .superRefine((r, ctx) => {
    criteriaFitKinds(r, ctx);
    r.kinds.forEach((k, i) => {
      if (needsOwnKey(k))
        ctx.addIssue({
          code: 'custom',
          path: ['kinds', i],
          message: `a rule never approves ${k} requests: another approver decides each, with their own Neon key`,
        });
    });
  })
  .transform(({ maxDuration, quota, ...r }) => ({
    ...r,
    ...(maxDuration === undefined ? {} : { maxDurationMs: maxDuration }),
    quota: { requests: quota.requests, perMs: quota.per },
  }));

/** Whom a request still waiting after `after` is shown to as well: at least one user group or user. */
const escalation = z
  .object({
    after: duration,
    to: z
      .object({ usergroups: nonEmpty(usergroupId).optional(), users: nonEmpty(userId).optional() })
      .strict()
      .refine((to) => to.usergroups || to.users, 'must name usergroups or users (or both)')
      .transform((to) => ({ usergroups: to.usergroups ?? [], users: to.users ?? [] })),
  })
  .strict()
  .transform(({ after, to }) => ({ afterMs: after, to }));

const approvalsRule = z
  .object({
    kinds,
    roles: roles.optional(),
    projects: nonEmpty(projectId).optional(),
    count: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_APPROVALS, `must be at most ${MAX_APPROVALS}`),
  })
  .strict()
  .superRefine(criteriaFitKinds);

const project = z
  .object({
    approvers: nonEmpty(userId).optional(),
    channel: channelId.optional(),
    durations: limits.optional(),
    escalation: escalation.optional(),
  })
  .strict();

/** POLICY_FILE's shape. Every part is optional; an empty file section means today's behaviour for it. */
export const policySchema = z
  .object({
    autoApprove: z.array(rule).default([]),
    durations: z.object({ key: limits.optional(), role: limits.optional() }).strict().default({}),
    projects: z.record(projectId, project).default({}),
    breakGlass: z
      .object({
        enabled: z.boolean(),
        minReasonLength: z
          .number()
          .int('must be a whole number')
          .min(1, 'must be at least 1')
          .max(500, 'must be at most 500')
          .default(10),
      })
      .strict()
      .default({ enabled: false, minReasonLength: 10 }),
    escalation: escalation.optional(),
    approvals: z.array(approvalsRule).default([]),
    requireMfa: z
      .object({
        // Empty: no role needs MFA.
        roles: z.array(z.enum(ORG_ROLES, { error: `must be one of ${ORG_ROLES.join(', ')}` })).default(['admin']),
        unknown: z.enum(['allow', 'refuse'], { error: 'must be allow or refuse' }).default('allow'),
      })
      .strict()
      .default(DEFAULT_MFA_POLICY),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.autoApprove.forEach((r, i) => {
      if (seen.has(r.name))
        ctx.addIssue({
          code: 'custom',
          path: ['autoApprove', i, 'name'],
          message: `"${r.name}" names an earlier rule too`,
        });
      seen.add(r.name);
    });
    // A project's own approvers are all who may approve its keys: fewer than the count, and its requests could only expire.
    p.approvals.forEach((r, i) => {
      for (const id of r.projects ?? []) {
        const approvers = p.projects[id]?.approvers;
        if (approvers && approvers.length < r.count)
          ctx.addIssue({
            code: 'custom',
            path: ['approvals', i, 'count'],
            message: `needs ${r.count} approvals, but project ${id} has only ${approvers.length} approver${approvers.length === 1 ? '' : 's'}`,
          });
      }
    });
  });

/** The file's content (already parsed from YAML or JSON) → the policy, or zod's issues. */
export function parsePolicy(raw: unknown): { ok: true; policy: Policy } | { ok: false; issues: z.core.$ZodIssue[] } {
  const parsed = policySchema.safeParse(raw);
  return parsed.success
    ? { ok: true, policy: parsed.data satisfies Policy }
    : { ok: false, issues: parsed.error.issues };
}
