import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../domain/duration.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { grantSummary, slackDate } from './describe.ts';
import { endNowButton, extendButton } from './grant-buttons.ts';

import { section } from './sections.ts';

/** The holder's DM `leadMs` before their grant ends: what ends when, and Extend… or End now. */
export function grantWarning(r: RequestRecord, leadMs: number): SlackMessage {
  const end = r.grantExpiresAt ? slackDate(r.grantExpiresAt) : 'soon';
  const text = `:hourglass: Your grant ends in about ${formatDuration(leadMs)}, ${end}: ${grantSummary(r)}.`;
  const blocks: KnownBlock[] = [
    section(text),
    { type: 'actions', block_id: `grant-warning:${r.id}`, elements: [extendButton(r.id), endNowButton(r.id)] },
  ];
  return { text, blocks };
}
