import type { RequestRecord } from '../../domain/request-record.ts';
import { mrkdwnText } from '../text.ts';
import { extendedLine } from './extend-outcome.ts';
import { keyDoneLine, keyRevokedLine } from './key-outcome.ts';
import { removalDoneLine } from './removal-outcome.ts';
import { roleDoneLine, roleEndedLine } from './role-outcome.ts';

const ERROR_MAX = 500;

/** What happened, in one line of mrkdwn, for the card, the requester's DM and the audit channel. */
export function outcomeLine(r: RequestRecord): string {
  const result = r.result ?? {};
  switch (r.status) {
    case 'done':
      return doneLine(r, result);
    case 'failed':
      return `:x: Failed: ${mrkdwnText(r.error ?? 'unknown error', ERROR_MAX)}`;
    // An extension only moves the bot's own record of a grant's end: nothing runs in Neon.
    case 'executing':
      return r.kind === 'extend'
        ? ':hourglass_flowing_sand: Moving the grant’s end…'
        : ':hourglass_flowing_sand: Running in Neon…';
    case 'approved':
      if (r.error) return `:hourglass: Approved, waiting: ${mrkdwnText(r.error, ERROR_MAX)}`;
      return r.kind === 'extend'
        ? ':hourglass: Approved, moving the grant’s end.'
        : ':hourglass: Approved, queued to run in Neon.';
    case 'reverted':
      return roleEndedLine(r);
    case 'revoked':
      return keyRevokedLine(r);
    default:
      return '';
  }
}

function doneLine(r: RequestRecord, result: Record<string, unknown>): string {
  if (r.kind === 'role') return roleDoneLine(r);
  if (r.kind === 'key') return keyDoneLine(r);
  if (r.kind === 'remove') return removalDoneLine(r);
  if (r.kind === 'extend') return extendedLine(r);
  const email = typeof result.email === 'string' ? mrkdwnText(result.email, 256) : 'the requester';
  switch (result.outcome) {
    case 'invited':
      return `:white_check_mark: Done: Neon sent an invitation to ${email}.`;
    case 'already_member':
      return `:white_check_mark: Done: ${email} is already a member of the organization; nothing to send.`;
    case 'already_invited':
      return `:white_check_mark: Done: ${email} already has a pending invitation; none sent twice.`;
    default:
      return ':white_check_mark: Done.';
  }
}
