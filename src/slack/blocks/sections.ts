import type { Button, KnownBlock } from '@slack/types';
import type { SlackMessage } from '../surface.ts';

/**
 * A section of text built from escaped parts only, so it is verbatim: nothing in it links or pings.
 * With `item`, a block id (which request a click came from) and its button, when there is one.
 */
export function section(text: string, item?: { blockId: string; button: Button | undefined }): KnownBlock {
  const block: KnownBlock = { type: 'section', text: { type: 'mrkdwn', verbatim: true, text } };
  return item?.button ? { ...block, block_id: item.blockId, accessory: item.button } : block;
}

export function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', verbatim: true, text }] };
}

/** A message that is one such section, its text also the notification's. */
export function oneSection(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}
