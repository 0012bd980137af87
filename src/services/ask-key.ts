import { normaliseEmail } from '../domain/email.ts';
import { checkDuration } from '../domain/policy.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from './context.ts';
import { withinDeadline } from './deadline.ts';
import { limitsFor } from './durations.ts';
import { eligiblePerson, type NotEligible } from './eligibility.ts';
import { findProject, type ProjectMatch } from './find-project.ts';
import { type SubmitResult, submitRequest } from './submit.ts';

export interface KeyAsk {
  requesterId: string;
  /** A Neon project id or name, as typed or picked. */
  project: string;
  durationMs?: number;
  reason: string;
}

export type KeyAskCheck =
  | { ok: true; durationMs: number }
  | { ok: false; code: 'encryption_not_configured' }
  /** `projectId` when that project's own (policy) limit refused it. */
  | { ok: false; code: 'duration_too_long'; maxMs: number; projectId?: string };

export type AskKeyResult =
  | SubmitResult
  | Exclude<KeyAskCheck, { ok: true }>
  | NotEligible
  | { ok: false; code: 'no_lookup_key' | 'neon_unavailable' }
  | { ok: false; code: 'unknown_project'; project: string }
  /** The person must pick the project in the modal: the name fits several, or Neon was too slow to tell. */
  | { ok: false; code: 'choose_project'; project: string; why: 'ambiguous' | 'slow' };

/**
 * What can be refused without any I/O, so it runs before a modal opens (Slack's trigger lasts
 * 3 s). The secret of a new key must be held sealed until it is revealed, hence the encryption key.
 * Without a project, the kind's limits; once it is known, the project's (by policy, never looser).
 */
export function checkKeyAsk(ctx: ServiceContext, durationMs: number | undefined, projectId?: string): KeyAskCheck {
  if (!ctx.keySecrets.canSeal) return { ok: false, code: 'encryption_not_configured' };
  const limits = limitsFor(ctx, 'key', projectId);
  const checked = checkDuration(limits, durationMs);
  if (!checked.ok) {
    const ownLimit = projectId !== undefined && checked.maxMs < limitsFor(ctx, 'key').maxMs;
    return { ok: false, code: 'duration_too_long', maxMs: checked.maxMs, ...(ownLimit ? { projectId } : {}) };
  }
  return { ok: true, durationMs: checked.durationMs ?? limits.maxMs };
}

/**
 * "Give me a key for this project": the project is found in Neon (by id, else by its one exact
 * name) before any card is posted. With `resolveWithinMs`, a Neon answer slower than that turns
 * into `choose_project`, so the caller can still open the picker while its trigger is valid.
 */
export async function askKey(
  ctx: ServiceContext,
  ask: KeyAsk,
  opts: { resolveWithinMs?: number } = {},
): Promise<AskKeyResult> {
  const check = checkKeyAsk(ctx, ask.durationMs);
  if (!check.ok) return check;
  const lookup = await ctx.keys.forLookup();
  if (!lookup) return { ok: false, code: 'no_lookup_key' };

  const finding = findProject(ctx.neon.forKey(lookup.key), ctx.config.neon.orgId, ask.project).catch(
    (err: unknown): 'failed' => {
      if (!(err instanceof NeonError)) throw err;
      ctx.log.warn({ err }, 'could not look a project up in Neon');
      return 'failed';
    },
  );
  const [requester, match] = await Promise.all([
    eligiblePerson(ctx, ask.requesterId),
    opts.resolveWithinMs === undefined
      ? finding
      : withinDeadline<ProjectMatch | 'failed'>(finding, opts.resolveWithinMs),
  ]);
  if (!requester.ok) return requester;
  const { person } = requester;
  if (match === 'failed') return { ok: false, code: 'neon_unavailable' };
  if (match === undefined) return { ok: false, code: 'choose_project', project: ask.project, why: 'slow' };
  if (match.kind === 'none') return { ok: false, code: 'unknown_project', project: ask.project };
  if (match.kind === 'ambiguous') return { ok: false, code: 'choose_project', project: ask.project, why: 'ambiguous' };

  const projectId = match.project.id;
  const limited = checkKeyAsk(ctx, ask.durationMs, projectId);
  if (!limited.ok) return limited;
  return submitRequest(ctx, {
    kind: 'key',
    requesterId: ask.requesterId,
    ...(person.email ? { requesterEmail: normaliseEmail(person.email) } : {}),
    projectId,
    durationMs: limited.durationMs,
    reason: ask.reason,
    dedupeKey: `key:${ask.requesterId}:${projectId}`,
  });
}
