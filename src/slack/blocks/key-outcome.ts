import { issuedKeyOf, type RevokeReason } from '../../domain/issued-key.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import { escapeMrkdwn, mentionUser } from '../text.ts';
import { slackDate } from './describe.ts';

/** A done key request, for the card, the requester's DM and the audit line. Names the key, never shows it. */
export function keyDoneLine(r: RequestRecord): string {
  const key = issuedKeyOf(r.result);
  if (!key) return ':white_check_mark: Done.';
  const until = r.grantExpiresAt ? `; it expires ${slackDate(r.grantExpiresAt)}` : '';
  return `:white_check_mark: Done: Neon key \`${key.keyId}\` for project \`${escapeMrkdwn(key.projectId)}\`${until}. Only the requester can see it, once.`;
}

export function keyRevokedLine(r: RequestRecord): string {
  const key = issuedKeyOf(r.result);
  const why: Record<RevokeReason, string> = {
    expiry: ' at its expiry',
    owner: ` by ${mentionUser(r.requesterId)}, to whom it was issued`,
    unrevealed: ' because it was not revealed in time (the bot deleted its copy unseen)',
    missing: ' outside the bot: reconciliation found it gone, and an approver closed its record',
  };
  return `:lock: Key${key ? ` \`${key.keyId}\`` : ''} revoked in Neon${key?.revokedFor ? why[key.revokedFor] : ''}.`;
}
