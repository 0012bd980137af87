import type { Button } from '@slack/types';
import { NUDGE_GAP_MS } from '../../domain/nudge.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { NudgeResult } from '../../services/nudge.ts';
import type { SlackMessage } from '../surface.ts';
import { mentionUser } from '../text.ts';
import { describeAsk, slackDate } from './describe.ts';
import { oneSection } from './sections.ts';

export const NUDGE_ACTION = 'nudge_approvers';

/** The requester's button on their own pending request (the ask's reply, `/neon mine`, Home); `label` tells several apart. */
export function nudgeButton(requestId: string, label = 'Nudge approvers'): Button {
  return { type: 'button', action_id: NUDGE_ACTION, text: { type: 'plain_text', text: label }, value: requestId };
}

/** Said under each copy of the card when the requester nudges; the approvers are mentioned so they hear it. */
export function nudgeMessage(r: RequestRecord, approvers: readonly string[]): SlackMessage {
  const who = approvers.length ? `${approvers.map(mentionUser).join(' ')}: ` : '';
  return oneSection(
    `:wave: ${who}${mentionUser(r.requesterId)} is still waiting for a decision on \`${r.id}\` (${describeAsk(r)}), asked ${slackDate(r.createdAt)}.`,
  );
}

/** The answer to a press of Nudge approvers, seen by the requester alone. */
export function nudgeReply(result: NudgeResult): SlackMessage {
  if (result.ok)
    return {
      text: `:wave: The approvers of \`${result.request.id}\` were reminded under its card. You can nudge them again at ${slackDate(result.nextAt)}.`,
    };
  switch (result.code) {
    case 'not_requester':
      return { text: 'Only the person who asked can nudge the approvers of a request; nothing was sent.' };
    case 'not_pending':
      return {
        text: `Request \`${result.request.id}\` is already ${result.request.status}, so there is nobody to nudge.`,
      };
    case 'too_soon':
      return {
        text: `You nudged the approvers of \`${result.request.id}\` less than ${NUDGE_GAP_MS / 60_000} minutes ago; nothing was sent. You can nudge them again at ${slackDate(result.nextAt)}.`,
      };
  }
}
