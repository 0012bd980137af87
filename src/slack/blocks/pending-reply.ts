import type { KnownBlock } from '@slack/types';
import type { PendingResult } from '../../services/pending.ts';
import { mentionUser } from '../text.ts';
import { approvalsLine } from './approvals-line.ts';
import { describeAsk, slackDate } from './describe.ts';
import type { Reply } from './replies.ts';

/** Links come from Slack's chat.getPermalink; anything else is left out rather than put in a link. */
const PLAIN_URL = /^https:\/\/[^\s<>|]+$/;

/** `/neon admin pending`: what waits for a decision, oldest first, each with a link to its card. */
export function pendingReply(result: PendingResult): Reply & { blocks?: KnownBlock[] } {
  if (!result.ok) return { text: 'Only approvers can see what waits for a decision.' };
  if (result.total === 0) return { text: ':white_check_mark: Nothing waits for a decision.' };
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${result.total} request${result.total === 1 ? '' : 's'} waiting for a decision*, oldest first`,
      },
    },
    ...result.waiting.map(({ request: r, link }): KnownBlock => {
      const card = link && PLAIN_URL.test(link) ? ` · <${link}|open the card>` : '';
      const approvals = approvalsLine(r);
      const text = `\`${r.id}\` ${mentionUser(r.requesterId)} asks for ${describeAsk(r)} · asked ${slackDate(r.createdAt)}${card}${approvals ? `\n${approvals}` : ''}`;
      return { type: 'section', text: { type: 'mrkdwn', verbatim: true, text } };
    }),
  ];
  const hidden = result.total - result.waiting.length;
  if (hidden > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more after these.` }] });
  return { text: `${result.total} requests waiting for a decision`, blocks };
}
