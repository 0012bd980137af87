import type { KnownBlock } from '@slack/types';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { MineView } from '../../domain/views.ts';
import { escapeMrkdwn, LIMITS } from '../text.ts';
import { describeAsk, grantSummary, slackDate } from './describe.ts';
import { extendButton } from './grant-buttons.ts';
import { nudgeButton } from './nudge.ts';
import type { Reply } from './replies.ts';

/** `/neon mine`: what I asked for lately and in what state, and what I hold now until when. */
export function mineReply(view: MineView, slash: string): Reply & { blocks: KnownBlock[] } {
  const requests = view.recent.length ? view.recent.map((r) => `• ${requestSummary(r)}`) : [nothingAsked(slash)];
  const grants = view.grants.length ? view.grants.map((r) => `• ${grantSummary(r)}`) : [NOTHING_HELD];
  return {
    text: `Your recent requests and what you hold now (${view.recent.length} requests, ${view.grants.length} live grants).`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', verbatim: true, text: `*Your recent requests*\n${fitLines(requests)}` },
      },
      { type: 'section', text: { type: 'mrkdwn', verbatim: true, text: `*What you hold now*\n${fitLines(grants)}` } },
      ...nudgeButtons(view.recent),
      ...extendButtons(view.grants),
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: escapeMrkdwn(`Withdraw a pending request with \`${slash} cancel <request id>\`.`) },
        ],
      },
    ],
  };
}

/** Slack's most elements in one actions block. */
const ACTIONS_MAX = 25;

/** A Nudge approvers button for each request still waiting, named by its id. */
function nudgeButtons(recent: readonly RequestRecord[]): KnownBlock[] {
  const waiting = recent.filter((r) => r.status === 'pending').slice(0, ACTIONS_MAX);
  if (waiting.length === 0) return [];
  return [
    {
      type: 'actions',
      block_id: 'mine-nudge',
      elements: waiting.map((r) => nudgeButton(r.id, `Nudge approvers: ${r.id}`)),
    },
  ];
}

/** Extend… for each grant with an end, one block each (an action id is unique within a block); the first 10 are enough. */
function extendButtons(grants: RequestRecord[]): KnownBlock[] {
  return grants
    .filter((r) => r.grantExpiresAt)
    .slice(0, EXTEND_BUTTONS_SHOWN)
    .map((r) => ({
      type: 'actions',
      block_id: `mine-extend:${r.id}`,
      elements: [{ ...extendButton(r.id), text: { type: 'plain_text', text: `Extend ${r.id}…` } }],
    }));
}

const EXTEND_BUTTONS_SHOWN = 10;

export const nothingAsked = (slash: string): string =>
  `You have not asked for anything yet. \`${slash} help\` shows what you can ask for.`;
export const NOTHING_HELD = 'No live keys or temporary roles.';

/** One request and its state, as `/neon mine` and the Home tab list it. */
export function requestSummary(r: RequestRecord): string {
  const state = r.status === 'pending' ? 'waiting for a decision' : r.status;
  return `\`${r.id}\` ${describeAsk(r)}: *${state}*, asked ${slackDate(r.createdAt)}`;
}

/** As many whole lines as fit one section, then how many were left out. */
function fitLines(lines: string[]): string {
  const room = LIMITS.sectionText - 40;
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > room) break;
    kept.push(line);
    used += line.length + 1;
  }
  const left = lines.length - kept.length;
  return left ? `${kept.join('\n')}\n…and ${left} more` : kept.join('\n');
}
