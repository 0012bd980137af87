import type { RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { NOTE_SHOWN_MAX } from './deny-modal.ts';
import { describeAsk } from './describe.ts';
import { oneSection } from './sections.ts';

/** The DM every other approver gets when someone approves their own request (break-glass). */
export function breakGlassNotice(r: RequestRecord): SlackMessage {
  // The break-glass approval is the latest one, whether or not it completed the request's quorum.
  const breaker = r.approvedBy.at(-1) ?? r.decidedBy;
  const who = breaker ? mentionUser(breaker) : 'An approver';
  const quorum =
    r.approvalsNeeded > 1 ? ` It counts as one of the ${r.approvalsNeeded} approvals the request needs.` : '';
  const text = `:rotating_light: *Break-glass:* ${who} approved their own request \`${r.id}\` for ${describeAsk(r)}.${quorum}\n*Reason:* “${mrkdwnText(r.decisionNote ?? '', NOTE_SHOWN_MAX)}”`;
  return oneSection(text);
}
