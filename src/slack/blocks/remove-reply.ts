import type { RemoveAskResult } from '../../services/ask-remove.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { askReply, type Reply } from './replies.ts';

/** The asker's answer to `/neon admin remove …` (or to a finding's Ask to remove): the new request, or why none was made. */
export function removeAskReply(result: RemoveAskResult): Reply {
  if (result.ok) return askReply(result);
  switch (result.code) {
    case 'duplicate':
      return {
        text: `There is already an open removal of ${mrkdwnText(result.existing.targetEmail ?? '?', 256)}: request \`${result.existing.id}\` is ${result.existing.status}. No new request was made.`,
      };
    case 'not_approver':
      return { text: 'Only approvers can ask to remove someone from the Neon organization, so nothing was asked.' };
    case 'not_eligible':
      return askReply(result);
    case 'no_email':
      return {
        text: `${mentionUser(result.targetUserId)}'s Slack profile shows no email address, and the Neon member is found by it. Give their Neon email instead.`,
      };
    case 'not_member':
      return {
        text: `${mrkdwnText(result.email, 256)} is not a member of the Neon organization: nobody to remove.`,
      };
    case 'last_admin':
      return {
        text: `${mrkdwnText(result.email, 256)} is the Neon organization's last admin, and Neon never removes its last admin: make someone else an admin first.`,
      };
  }
}
