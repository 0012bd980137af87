import type { RemovalOutcome } from '../../domain/removal-outcome.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import { mrkdwnText } from '../text.ts';

/** A done removal, for the card, the requester's DM and the audit line. */
export function removalDoneLine(r: RequestRecord): string {
  const o = (r.result as RemovalOutcome | null) ?? undefined;
  const email = mrkdwnText(o?.email ?? r.targetEmail ?? 'the member', 256);
  if (o?.outcome === 'already_gone')
    return `:white_check_mark: Done: ${email} was no longer in the Neon organization; nobody to remove.`;
  const had = o?.role ? ` (they were *${mrkdwnText(o.role, 40)}*)` : '';
  return `:white_check_mark: Done: ${email} was removed from the Neon organization${had}.`;
}
