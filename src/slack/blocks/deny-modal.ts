import type { ModalView } from '@slack/types';
import { plainText } from '../text.ts';

export const DENY_VIEW = 'deny_reason';
export const DENY_NOTE_BLOCK = 'note';
export const DENY_NOTE_ACTION = 'note_input';
export const DENY_NOTE_MAX = 500;
/**
 * A decision note (Deny's reason, break-glass's: each typed into at most 500 characters) as shown
 * on the card and in DMs. Escaping makes `&` five characters, so the room is four times what can be
 * typed: a note shows whole unless it is mostly `&`, `<` and `>`, and then it ends with `…`.
 */
export const NOTE_SHOWN_MAX = 2_000;

/** Asks the approver for an optional reason; the request id travels in private_metadata (not a secret). */
export function denyModal(requestId: string): ModalView {
  return {
    type: 'modal',
    callback_id: DENY_VIEW,
    private_metadata: requestId,
    title: { type: 'plain_text', text: 'Deny request' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: plainText(`Deny request \`${requestId}\`? The requester will see your reason.`, 300),
        },
      },
      {
        type: 'input',
        block_id: DENY_NOTE_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Reason' }, // Slack adds "(optional)" itself
        element: { type: 'plain_text_input', action_id: DENY_NOTE_ACTION, multiline: true, max_length: DENY_NOTE_MAX },
      },
    ],
  };
}
