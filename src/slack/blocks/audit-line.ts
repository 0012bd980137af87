import { policyRuleOf } from '../../domain/policy.ts';
import { approvalsCounted } from '../../domain/quorum.ts';
import { SYSTEM_ACTOR } from '../../domain/request.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { inlineCode, mentionUser, mentionUserOrGroup, mrkdwnText } from '../text.ts';
import { describeAsk, keyOwnerPhrase } from './describe.ts';
import { outcomeLine } from './outcome.ts';
import { oneSection } from './sections.ts';

/** One audit-channel line per transition: who did what to which request, and the result. */
export function auditLine(r: RequestRecord, event: string, actorId: string): string {
  const who = actorId === SYSTEM_ACTOR ? 'The bot' : mentionUser(actorId);
  const id = `\`${r.id}\``;
  switch (event) {
    case 'create':
      return `:inbox_tray: ${id} ${who} asked for ${describeAsk(r)}${r.reason ? `: “${mrkdwnText(r.reason, 300)}”` : ''}`;
    case 'approve':
    case 'endorse': {
      const rule = policyRuleOf(r.decidedBy);
      if (rule !== undefined) return `:robot_face: ${id} approved automatically by policy rule ${inlineCode(rule)}`;
      const quorum = r.approvalsNeeded > 1 ? ` (${approvalsCounted(r)} of ${r.approvalsNeeded} approvals)` : '';
      if (actorId === r.requesterId || actorId === r.targetUserId)
        return `:rotating_light: *BREAK-GLASS* ${id} approved by ${who} on their own request: “${mrkdwnText(r.decisionNote ?? '', 300)}”${quorum}`;
      return `${event === 'approve' ? ':thumbsup:' : ':ballot_box_with_check:'} ${id} approved by ${who}${quorum}`;
    }
    case 'deny':
      return `:no_entry: ${id} denied by ${who}${r.decisionNote ? `: “${mrkdwnText(r.decisionNote, 300)}”` : ''}`;
    case 'cancel':
      return `:wastebasket: ${id} cancelled by ${who}`;
    case 'expire':
      return `:alarm_clock: ${id} expired without a decision`;
    case 'escalate':
      return `:arrow_double_up: ${id} escalated to ${(r.escalatedTo ?? []).map(mentionUserOrGroup).join(', ')}: still waiting for a decision`;
    case 'retry':
      return `:repeat: ${id} sent back to Neon by ${who}`;
    default:
      return `${id} ${outcomeLine(r)}${r.executedWith ? ` (${keyOwnerPhrase(r.executedWith)})` : ''}`;
  }
}

/** The audit line as a Slack message: mrkdwn, verbatim, so user text inside cannot ping anyone. */
export function auditMessage(r: RequestRecord, event: string, actorId: string): SlackMessage {
  const text = auditLine(r, event, actorId);
  return oneSection(text);
}
