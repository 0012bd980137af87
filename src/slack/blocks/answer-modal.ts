import type { ModalView } from '@slack/types';
import { section } from './sections.ts';

export const ANSWER_VIEW = 'click_answer';

/** Why a click on the Home tab changed nothing, shown over the Home; `text` is mrkdwn built from escaped parts. */
export function answerModal(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: ANSWER_VIEW,
    title: { type: 'plain_text', text: 'Neon Access' },
    close: { type: 'plain_text', text: 'OK' },
    blocks: [section(text)],
  };
}
