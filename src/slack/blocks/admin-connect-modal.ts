import type { ModalView } from '@slack/types';
import { mrkdwnText } from '../text.ts';

export const ADMIN_CONNECT_VIEW = 'admin_connect';
export const KEY_BLOCK = 'neon_key';
export const KEY_ACTION = 'neon_key_input';

/**
 * Asks an approver for their Neon personal API key. Nothing about the key travels in the view
 * (no private_metadata, no initial value), and no later view or message echoes it.
 */
export function connectModal(slash: string): ModalView {
  return {
    type: 'modal',
    callback_id: ADMIN_CONNECT_VIEW,
    title: { type: 'plain_text', text: 'Connect your Neon key' },
    submit: { type: 'plain_text', text: 'Check and save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            'Requests you approve will run in Neon with *your own* personal API key, so Neon and the audit trail show you acted.\n' +
            'Create one in the Neon Console under *Account settings → API keys*. It must belong to the Neon account with ' +
            'your Slack email, and that account must be an *admin* of the organization. The bot checks this with Neon before saving.',
        },
      },
      {
        type: 'input',
        block_id: KEY_BLOCK,
        label: { type: 'plain_text', text: 'Neon personal API key' },
        element: {
          type: 'plain_text_input',
          action_id: KEY_ACTION,
          placeholder: { type: 'plain_text', text: 'napi_…' },
        },
        hint: {
          type: 'plain_text',
          text: `Stored encrypted and never shown again. ${slash} admin disconnect removes it.`,
        },
      },
    ],
  };
}

/** Replaces the form once the key is saved. */
export function connectedView(neonEmail: string, waiting: number): ModalView {
  const resumed =
    waiting === 0
      ? ''
      : `\n${waiting === 1 ? 'One request' : `${waiting} requests`} you approved that waited for a key will run now.`;
  return {
    type: 'modal',
    callback_id: ADMIN_CONNECT_VIEW,
    title: { type: 'plain_text', text: 'Neon key connected' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: `:white_check_mark: Your key for the Neon account ${mrkdwnText(neonEmail, 256)} is saved. Requests you approve now run with it.${resumed}`,
        },
      },
    ],
  };
}
