import type { RequestRecord } from '../../domain/request-record.ts';
import type { RoleOutcome } from '../../domain/role-outcome.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { slackDate } from './describe.ts';

function outcomeOf(r: RequestRecord): { o: RoleOutcome | undefined; who: string } {
  return { o: (r.result as RoleOutcome | null) ?? undefined, who: mentionUser(r.targetUserId ?? r.requesterId) };
}

/** A done role change, for the card, the DMs and the audit line: from what to what, and until when. */
export function roleDoneLine(r: RequestRecord): string {
  const { o, who } = outcomeOf(r);
  if (!o) return ':white_check_mark: Done.';
  if (o.outcome === 'already_in_role')
    return `:white_check_mark: Done: ${who} already had the *${o.newRole}* role in Neon; nothing changed.`;
  const until = r.grantExpiresAt ? ` until ${slackDate(r.grantExpiresAt)}, then back to *${o.previousRole}*` : '';
  // Set when restoring the previous role was refused: the grant outlives its end until someone acts.
  const trouble = r.error ? `\n:warning: ${mrkdwnText(r.error, 500)}` : '';
  return `:white_check_mark: Done: ${who}'s role changed from *${o.previousRole}* to *${o.newRole}*${until}.${trouble}`;
}

/** A temporary role that has ended. */
export function roleEndedLine(r: RequestRecord): string {
  const { o, who } = outcomeOf(r);
  switch (o?.ended) {
    case 'left_org':
      return `:leftwards_arrow_with_hook: Ended: ${who} is no longer in the Neon organization; there was no role to restore.`;
    case 'already_restored':
      return `:leftwards_arrow_with_hook: Ended: ${who} already had the *${o.previousRole}* role again; nothing to change.`;
    default:
      return `:leftwards_arrow_with_hook: Ended: ${who}'s role is back to *${o?.previousRole ?? 'what it was'}*.`;
  }
}
