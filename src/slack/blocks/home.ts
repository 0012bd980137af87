import type { Button, HomeView, KnownBlock } from '@slack/types';
import { issuedKeyOf } from '../../domain/issued-key.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { HomeData } from '../../domain/views.ts';
import { RECENT_REQUESTS } from '../../services/mine.ts';
import { PENDING_SHOWN } from '../../services/pending.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { approvalsLine } from './approvals-line.ts';
import { decisionButtons } from './card.ts';
import { describeAsk, grantSummary, slackDate } from './describe.ts';
import { extendButton } from './grant-buttons.ts';
import { NOTHING_HELD, nothingAsked, requestSummary } from './mine-reply.ts';
import { nudgeButton } from './nudge.ts';
import { context, section } from './sections.ts';

export const CANCEL_ACTION = 'cancel_request';
export const REVOKE_ACTION = 'revoke_key';

/**
 * Each list is cut, so the Home stays below Slack's 100 blocks whatever the database holds:
 * 20 waiting requests of two blocks, 10 grants of two (Extend… below each), 10 requests of two at
 * most (a pending one has its Nudge button under it), and 9 more = 89.
 */
const GRANTS_SHOWN = 10;
const REASON_MAX = 300;

/**
 * The Home tab: what waits for my decision (approvers), what I hold now, what I asked for (my own
 * pending requests show only there: nobody decides their own). Rendered from the database each
 * time, so the last publish always shows the true state.
 */
export function homeView(data: HomeData, slash: string): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your Neon access' } }];
  if (data.waiting) blocks.push(...waitingBlocks(data.waiting), { type: 'divider' });
  blocks.push(...grantBlocks(data.grants, slash), { type: 'divider' }, ...requestBlocks(data.recent, slash));
  blocks.push(context(`Ask for more with \`${slash}\`: \`${slash} help\` lists what you can ask for.`));
  return { type: 'home', blocks };
}

function waitingBlocks(waiting: RequestRecord[]): KnownBlock[] {
  if (waiting.length === 0) return [section('*Waiting for your decision*\nNothing waits for you.')];
  const shown = waiting.slice(0, PENDING_SHOWN);
  return [
    section(`*Waiting for your decision* (${waiting.length}, oldest first)`),
    ...shown.flatMap(waitingItem),
    ...more(waiting.length - shown.length, 'They show here as these are decided.'),
  ];
}

function waitingItem(r: RequestRecord): KnownBlock[] {
  const reason = r.reason ? `\nReason: “${mrkdwnText(r.reason, REASON_MAX)}”` : '';
  const approvals = approvalsLine(r);
  const ask = section(
    `\`${r.id}\` ${mentionUser(r.requesterId)} asks for ${describeAsk(r)} · asked ${slackDate(r.createdAt)}${reason}${approvals ? `\n${approvals}` : ''}`,
  );
  return [ask, decisionButtons(`home-decide:${r.id}`, r.id)];
}

function grantBlocks(grants: RequestRecord[], slash: string): KnownBlock[] {
  if (grants.length === 0) return [section(`*What you hold now*\n${NOTHING_HELD}`)];
  const shown = grants.slice(0, GRANTS_SHOWN);
  return [
    section('*What you hold now*, soonest to end first'),
    ...shown.flatMap((r) => [
      section(grantSummary(r), { blockId: `home-grant:${r.id}`, button: revokeButton(r) }),
      ...(r.grantExpiresAt
        ? [{ type: 'actions', block_id: `home-extend:${r.id}`, elements: [extendButton(r.id)] } satisfies KnownBlock]
        : []),
    ]),
    ...more(grants.length - shown.length, `\`${slash} mine\` lists them all.`),
  ];
}

function requestBlocks(recent: RequestRecord[], slash: string): KnownBlock[] {
  if (recent.length === 0) return [section(`*Your requests*\n${nothingAsked(slash)}`)];
  return [
    section('*Your latest requests*, newest first'),
    ...recent.slice(0, RECENT_REQUESTS).flatMap((r): KnownBlock[] => {
      const summary = section(requestSummary(r), {
        blockId: `home-request:${r.id}`,
        button: r.status === 'pending' ? cancelButton(r) : undefined,
      });
      if (r.status !== 'pending') return [summary];
      return [summary, { type: 'actions', block_id: `home-nudge:${r.id}`, elements: [nudgeButton(r.id)] }];
    }),
  ];
}

function revokeButton(r: RequestRecord): Button | undefined {
  const key = r.kind === 'key' ? issuedKeyOf(r.result) : undefined;
  if (!key) return undefined;
  return {
    type: 'button',
    action_id: REVOKE_ACTION,
    style: 'danger',
    text: { type: 'plain_text', text: 'Revoke key' },
    value: String(key.keyId),
    confirm: {
      title: { type: 'plain_text', text: 'Revoke this key?' },
      text: { type: 'plain_text', text: `Key ${key.keyId} stops working at once, in Neon. This cannot be undone.` },
      confirm: { type: 'plain_text', text: 'Revoke' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    },
  };
}

function cancelButton(r: RequestRecord): Button {
  return {
    type: 'button',
    action_id: CANCEL_ACTION,
    text: { type: 'plain_text', text: 'Cancel request' },
    value: r.id,
    confirm: {
      title: { type: 'plain_text', text: 'Withdraw this request?' },
      text: { type: 'plain_text', text: `Request ${r.id} is withdrawn and its card says so. You can ask again later.` },
      confirm: { type: 'plain_text', text: 'Withdraw' },
      deny: { type: 'plain_text', text: 'Keep it' },
    },
  };
}

function more(hidden: number, where: string): KnownBlock[] {
  return hidden > 0 ? [context(`…and ${hidden} more. ${where}`)] : [];
}
