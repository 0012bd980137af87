import type { KnownBlock, ModalView } from '@slack/types';
import { type IssuedKey, issuedKeyOf } from '../../domain/issued-key.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import { escapeMrkdwn } from '../text.ts';
import { slackDate } from './describe.ts';

export const REVEAL_ACTION = 'reveal_key';
export const REVEAL_VIEW = 'key_reveal';

/** Under the requester's "done" DM: the button that shows the key once. The DM itself never holds it. */
export function revealBlocks(r: RequestRecord): KnownBlock[] {
  const key = issuedKeyOf(r.result);
  const by = key ? ` before ${slackDate(new Date(key.revealBy))}` : '';
  return [
    {
      type: 'actions',
      block_id: `reveal:${r.id}`,
      elements: [
        {
          type: 'button',
          action_id: REVEAL_ACTION,
          style: 'primary',
          text: { type: 'plain_text', text: 'Reveal key' },
          value: r.id,
        },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          verbatim: true,
          text: `Shown once, to you only. Reveal it${by}: after that the bot deletes its copy unseen and revokes the key.`,
        },
      ],
    },
  ];
}

/**
 * The one place the secret is ever shown: a modal only its requester sees, opened from the
 * Reveal click. Not a message, so it stays in no history.
 */
export function revealModal(r: RequestRecord, key: IssuedKey, secret: string, slash: string): ModalView {
  const until = r.grantExpiresAt ? `, until ${slackDate(r.grantExpiresAt)}` : '';
  return {
    type: 'modal',
    callback_id: REVEAL_VIEW,
    title: { type: 'plain_text', text: 'Your Neon project key' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: `Key \`${key.keyId}\` reaches project \`${escapeMrkdwn(key.projectId)}\` only${until}. *Copy it now*: this is the only time it is shown, and the bot keeps no copy.`,
        },
      },
      // Neon keys are letters, digits and `_`: nothing in them can close the code block.
      { type: 'section', text: { type: 'mrkdwn', verbatim: true, text: `\`\`\`${escapeMrkdwn(secret)}\`\`\`` } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            verbatim: true,
            text: `Use it as \`Authorization: Bearer …\` with the Neon API. Revoke it any time with \`${slash} revoke ${key.keyId}\`.`,
          },
        ],
      },
    ],
  };
}
