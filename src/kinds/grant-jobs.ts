import type { JobSpec } from '../app/ports.ts';
import { warningsFor } from '../domain/grant-extension.ts';
import type { RequestRecord } from '../domain/request-record.ts';

/**
 * What a grant's end brings, as jobs to commit with whatever set or moved it: the end itself and
 * the warnings to its holder (`warningLeadsMs`, GRANT_WARNINGS) still to come. Each names the end
 * it was made for, so after an extension the old ones find the end moved and do nothing.
 */
export function grantJobs(r: RequestRecord, warningLeadsMs: readonly number[], now = new Date()): JobSpec[] {
  if (r.status !== 'done' || !r.grantExpiresAt) return [];
  const endsAt = r.grantExpiresAt.toISOString();
  const span = { startedAt: r.grantStartedAt ?? now, endsAt: r.grantExpiresAt };
  return [
    { name: 'end-grant', data: { requestId: r.id, endsAt }, startAfter: r.grantExpiresAt },
    ...warningsFor(warningLeadsMs, span, now).map(
      (w): JobSpec => ({ name: 'warn-grant', data: { requestId: r.id, endsAt, leadMs: w.leadMs }, startAfter: w.at }),
    ),
  ];
}
