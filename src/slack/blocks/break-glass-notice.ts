import type { RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { NOTE_SHOWN_MAX } from './deny-modal.ts';
import { describeAsk } from './describe.ts';
import { oneSection } from './sections.ts';

/** The DM every other approver gets when someone approves their own request (break-glass). */
export function breakGlassNotice(r: RequestRecord): SlackMessage {
  const who = r.decidedBy ? mentionUser(r.decidedBy) : 'An approver';
  const text = `:rotating_light: *Break-glass:* ${who} approved their own request \`${r.id}\` for ${describeAsk(r)}.\n*Reason:* “${mrkdwnText(r.decisionNote ?? '', NOTE_SHOWN_MAX)}”`;
  return oneSection(text);
}
