import type { KnownBlock } from '@slack/types';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { mrkdwnText } from '../text.ts';
import { NOTE_SHOWN_MAX } from './deny-modal.ts';
import { deciderPhrase, describeAsk } from './describe.ts';
import { outcomeLine } from './outcome.ts';
import { revealBlocks } from './reveal.ts';

/** The requester's DM after a decision or an outcome; `slash` is the bot's command, for asking again. */
export function requesterNotice(r: RequestRecord, slash: string): SlackMessage {
  const head = `Your request \`${r.id}\` for ${describeAsk(r)}`;
  let text: string;
  switch (r.status) {
    case 'denied':
      text = `${head} was denied by ${deciderPhrase(r.decidedBy)}${r.decisionNote ? `: “${mrkdwnText(r.decisionNote, NOTE_SHOWN_MAX)}”` : '.'}`;
      break;
    case 'done':
      text = `${head} was approved by ${deciderPhrase(r.decidedBy)}.\n${outcomeLine(r)}`;
      break;
    case 'failed':
      text =
        r.kind === 'extend'
          ? `${head} was approved, but could not be applied.\n${outcomeLine(r)}`
          : `${head} was approved, but carrying it out in Neon failed.\n${outcomeLine(r)}\nAn approver can retry it; you do not need to ask again.`;
      break;
    case 'expired':
      text = `${head} expired without a decision. Ask again with \`${slash}\` if you still need it.`;
      break;
    case 'reverted':
    case 'revoked':
      text = `${head} has ended.\n${outcomeLine(r)}`;
      break;
    default:
      text = `${head} is now *${r.status}*.`;
  }
  const section: KnownBlock = { type: 'section', text: { type: 'mrkdwn', verbatim: true, text } };
  // A new project key reaches its requester only through the Reveal button, never in the message.
  return { text, blocks: r.kind === 'key' && r.status === 'done' ? [section, ...revealBlocks(r)] : [section] };
}
