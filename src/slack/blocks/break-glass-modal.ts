import type { ModalView } from '@slack/types';
import type { RequestRecord } from '../../domain/request-record.ts';
import { describeAsk } from './describe.ts';

export const BREAK_GLASS_VIEW = 'break_glass';
export const BREAK_GLASS_BLOCK = 'break_glass_reason';
export const BREAK_GLASS_ACTION = 'break_glass_reason_input';
const REASON_MAX = 500;

/** An approver clicked Approve on their own request: approving it takes a typed reason, shown to everyone. */
export function breakGlassModal(r: RequestRecord, minLength: number): ModalView {
  return {
    type: 'modal',
    callback_id: BREAK_GLASS_VIEW,
    private_metadata: r.id,
    title: { type: 'plain_text', text: 'Break-glass approval' },
    submit: { type: 'plain_text', text: 'Approve my own request' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: `:rotating_light: This is *your own* request \`${r.id}\` for ${describeAsk(r)}. Approving it yourself is break-glass: the audit channel and every approver will see it, with your reason.`,
        },
      },
      {
        type: 'input',
        block_id: BREAK_GLASS_BLOCK,
        label: { type: 'plain_text', text: 'Why can this not wait for another approver?' },
        element: {
          type: 'plain_text_input',
          action_id: BREAK_GLASS_ACTION,
          multiline: true,
          min_length: Math.min(minLength, REASON_MAX),
          max_length: REASON_MAX,
        },
      },
    ],
  };
}
