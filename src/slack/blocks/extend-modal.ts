import type { ModalView } from '@slack/types';
import { MAX_REASON_LENGTH } from '../../domain/command-grammar.ts';
import { DURATION_EXAMPLES } from '../../domain/duration.ts';
import type { RequestRecord } from '../../domain/request-record.ts';

import { grantSummary } from './describe.ts';
import { section } from './sections.ts';

export const EXTEND_VIEW = 'extend_grant';
export const EXTEND_DURATION_BLOCK = 'extend_duration';
export const EXTEND_DURATION_ACTION = 'extend_duration_input';
export const EXTEND_REASON_BLOCK = 'extend_reason';
export const EXTEND_REASON_ACTION = 'extend_reason_input';

/** The extension form (Extend…): how much longer, and why. The grant's id travels as the view's metadata. */
export function extendModal(grant: RequestRecord): ModalView {
  return {
    type: 'modal',
    callback_id: EXTEND_VIEW,
    private_metadata: grant.id,
    title: { type: 'plain_text', text: 'Extend a grant' },
    submit: { type: 'plain_text', text: 'Ask' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`Extend ${grantSummary(grant)}. The time is added to its current end; an approver decides.`),
      {
        type: 'input',
        block_id: EXTEND_DURATION_BLOCK,
        label: { type: 'plain_text', text: 'How much longer' },
        element: {
          type: 'plain_text_input',
          action_id: EXTEND_DURATION_ACTION,
          max_length: 20,
          placeholder: { type: 'plain_text', text: 'e.g. 4h' },
        },
        hint: { type: 'plain_text', text: DURATION_EXAMPLES.replace(/`/g, '') },
      },
      {
        type: 'input',
        block_id: EXTEND_REASON_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'plain_text_input',
          action_id: EXTEND_REASON_ACTION,
          multiline: true,
          max_length: MAX_REASON_LENGTH,
        },
      },
    ],
  };
}
