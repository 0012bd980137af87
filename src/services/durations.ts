import { durationLimits, type TimedKind } from '../domain/policy.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { ServiceContext } from './context.ts';

/**
 * The one place an ask's duration limits come from: the environment's (KEY_MAX_DURATION,
 * KEY_DEFAULT_DURATION, ROLE_MAX_DURATION) as the policy file overrides them for the kind and,
 * for a key, tightens them for its project.
 */
export function limitsFor(
  ctx: ServiceContext,
  kind: TimedKind,
  projectId?: string,
): { maxMs: number; defaultMs?: number; maxTotalMs: number } {
  const c = ctx.config;
  const env =
    kind === 'key' ? { maxMs: c.keyMaxDurationMs, defaultMs: c.keyDefaultDurationMs } : { maxMs: c.roleMaxDurationMs };
  return durationLimits(c.policy, kind, env, projectId);
}

/** An extension's limits: those of its grant's kind (and, for a key, its project). */
export function extensionLimits(
  ctx: ServiceContext,
  grant: Pick<RequestRecord, 'kind' | 'projectId'>,
): { maxMs: number; maxTotalMs: number } {
  return limitsFor(ctx, grant.kind === 'key' ? 'key' : 'role', grant.projectId ?? undefined);
}
