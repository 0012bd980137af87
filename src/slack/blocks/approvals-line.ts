import { approvalsCounted } from '../../domain/quorum.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import { mentionUser } from '../text.ts';

/** Who approved, in order; the requester's or target's approval is their break-glass. */
function approvers(r: RequestRecord): string {
  return r.approvedBy
    .map((id) => `${mentionUser(id)}${id === r.requesterId || id === r.targetUserId ? ' (break-glass)' : ''}`)
    .join(', ');
}

/**
 * "1 of 2 approvals: @Ada", for a request that needs several (undefined for one that needs one,
 * whose card stays as it always was); before the first, how many it needs.
 */
export function approvalsLine(r: RequestRecord): string | undefined {
  if (r.approvalsNeeded <= 1) return undefined;
  if (r.approvedBy.length === 0)
    return `:busts_in_silhouette: Needs ${r.approvalsNeeded} approvals, by different approvers.`;
  return `:ballot_box_with_check: ${approvalsCounted(r)} of ${r.approvalsNeeded} approvals: ${approvers(r)}`;
}

/** What Neon reported of a role change's target's MFA when it was asked. */
export function mfaPhrase(targetMfa: boolean | null): string {
  if (targetMfa === null) return 'MFA unknown (Neon does not report it)';
  return targetMfa ? 'MFA on' : 'MFA off';
}
