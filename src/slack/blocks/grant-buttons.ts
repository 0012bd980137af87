import type { Button } from '@slack/types';

export const EXTEND_ACTION = 'extend_grant';
export const END_NOW_ACTION = 'end_grant_now';

/** Extend…: opens the extension form for the grant (its request id). */
export function extendButton(grantId: string): Button {
  return { type: 'button', action_id: EXTEND_ACTION, text: { type: 'plain_text', text: 'Extend…' }, value: grantId };
}

/** End now: the holder ends their grant early, after a confirmation. */
export function endNowButton(grantId: string): Button {
  return {
    type: 'button',
    action_id: END_NOW_ACTION,
    style: 'danger',
    text: { type: 'plain_text', text: 'End now' },
    value: grantId,
    confirm: {
      title: { type: 'plain_text', text: 'End this grant now?' },
      text: { type: 'plain_text', text: `Grant ${grantId} ends at once: a key is revoked, a role changed back.` },
      confirm: { type: 'plain_text', text: 'End now' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    },
  };
}
