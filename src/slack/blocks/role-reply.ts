import { formatDuration } from '../../domain/duration.ts';
import { ENABLE_MFA_HOW, mfaRefusal } from '../../domain/mfa.ts';
import type { RoleAskResult } from '../../services/ask-role.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { askReply, type Reply } from './replies.ts';

/** The asker's answer to `/neon role …`: the new request, or why none was made. */
export function roleAskReply(result: RoleAskResult, slash: string): Reply {
  if (result.ok) return askReply(result);
  if (result.code === 'not_eligible')
    return { text: 'Only full members of this Slack workspace can ask for Neon access (not guests or bots).' };
  if (result.code === 'duration_too_long') {
    const max = formatDuration(result.maxMs);
    return {
      text: `A temporary role lasts at most ${max}: ask for \`for ${max}\` or less, or leave the duration out for a lasting change.`,
    };
  }
  const who = result.self ? 'You' : mentionUser(result.targetUserId);
  const whose = result.self ? 'Your' : `${mentionUser(result.targetUserId)}'s`;
  switch (result.code) {
    case 'duplicate':
      return {
        text: `There is already an open role change for ${result.self ? 'you' : mentionUser(result.targetUserId)}: request \`${result.existing.id}\` is ${result.existing.status}. No new request was made.`,
      };
    case 'target_not_eligible':
      return {
        text: `${mentionUser(result.targetUserId)} cannot be given a Neon role through the bot (guests, bots and deactivated accounts cannot).`,
      };
    case 'no_email':
      return {
        text: `${whose} Slack profile shows no email address, and the Neon account is found by it. Ask a Slack admin to check the profile.`,
      };
    case 'not_member':
      return {
        text: `${mrkdwnText(result.email, 256)} is not a member of the Neon organization, so there is no role to change. ${result.self ? 'Ask to join first' : 'They can ask to join'} with \`${slash} invite\`.`,
      };
    case 'already_in_role':
      return {
        text: `${who} already ${result.self ? 'have' : 'has'} the *${result.role}* role in Neon: nothing to ask for.`,
      };
    case 'mfa_off':
    case 'mfa_unknown':
      return {
        text: `:lock: ${mrkdwnText(mfaRefusal(result.code, result.email, result.role), 600)} No request was made. ${result.self ? ENABLE_MFA_HOW : `They can turn it on themselves: ${ENABLE_MFA_HOW.replace(/^In/, 'in')}`}`,
      };
    case 'unmanaged_role':
      return {
        text: `${who} ${result.self ? 'have' : 'has'} the role “${mrkdwnText(result.role, 40)}” in Neon, which the bot does not change; a Neon admin can.`,
      };
  }
}
