import type { CardRef, RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { mentionUser } from '../text.ts';
import { approvalsLine } from './approvals-line.ts';
import { describeAsk, slackDate } from './describe.ts';
import { oneSection } from './sections.ts';

/** The one reminder an approver gets for a request still waiting half-way to its expiry. */
export function approverReminder(r: RequestRecord, expiresAt: Date, card: CardRef | undefined): SlackMessage {
  const where = card?.channel.startsWith('C') ? ` The card is in <#${card.channel}>.` : '';
  const approvals = approvalsLine(r);
  const text = `:bell: Request \`${r.id}\` from ${mentionUser(r.requesterId)} for ${describeAsk(r)} still waits for a decision; it expires ${slackDate(expiresAt)}.${where}${approvals ? `\n${approvals}` : ''}`;
  return oneSection(text);
}
