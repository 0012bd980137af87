import type { KnownBlock } from '@slack/types';
import { isBreakGlass } from '../../domain/decision.ts';
import { policyRuleOf } from '../../domain/policy.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { inlineCode, LIMITS, mentionUser, mentionUserOrGroup, mrkdwnText, plainText } from '../text.ts';
import { approvalsLine, mfaPhrase } from './approvals-line.ts';
import { NOTE_SHOWN_MAX } from './deny-modal.ts';
import { describeAsk, keyOwnerPhrase, slackDate } from './describe.ts';
import { outcomeLine } from './outcome.ts';
import { context, section } from './sections.ts';

export const APPROVE_ACTION = 'approve_request';
export const DENY_ACTION = 'deny_request';
export const RETRY_ACTION = 'retry_request';

const KIND_TITLE: Record<RequestRecord['kind'], string> = {
  invite: 'Invitation request',
  key: 'Project key request',
  role: 'Role change request',
  remove: 'Removal request',
  extend: 'Extension request',
};

/**
 * The approval card: one message per request and place, re-rendered from the request row after
 * every step, so whatever the order of updates, the last one shows the true state.
 */
/** Approve and Deny for one request, wherever it is decided (its card, the approvers' Home). */
export function decisionButtons(blockId: string, requestId: string): KnownBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      {
        type: 'button',
        action_id: APPROVE_ACTION,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
        value: requestId,
      },
      {
        type: 'button',
        action_id: DENY_ACTION,
        style: 'danger',
        text: { type: 'plain_text', text: 'Deny' },
        value: requestId,
      },
    ],
  };
}

export function approvalCard(r: RequestRecord): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainText(`${KIND_TITLE[r.kind]} ${r.id}`, LIMITS.header) } },
    {
      type: 'section',
      text: { type: 'mrkdwn', verbatim: true, text: `${mentionUser(r.requesterId)} asks for ${describeAsk(r)}.` },
      fields: detailFields(r),
    },
  ];
  if (r.reason) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', verbatim: true, text: `*Reason*\n${mrkdwnText(r.reason, LIMITS.sectionText - 20)}` },
    });
  }
  if (r.escalatedAt) blocks.push(escalatedNote(r.escalatedAt, r.escalatedTo ?? []));
  blocks.push(...statusBlocks(r));
  return { text: `${KIND_TITLE[r.kind]} ${r.id}: ${statusWord(r)}`, blocks };
}

/** On every copy, from the escalation on: whom the card went to as well, and when. */
function escalatedNote(at: Date, to: readonly string[]): KnownBlock {
  return context(
    `:arrow_double_up: Escalated to ${to.map(mentionUserOrGroup).join(', ')} on ${slackDate(at)}, still undecided then: they may decide it as well.`,
  );
}

function detailFields(r: RequestRecord): { type: 'mrkdwn'; text: string; verbatim: boolean }[] {
  const fields = [`*Request*\n\`${r.id}\``, `*Asked*\n${slackDate(r.createdAt)}`];
  if (r.requesterEmail) fields.push(`*Email*\n${mrkdwnText(r.requesterEmail, 256)}`);
  if (r.targetEmail) fields.push(`*Neon account*\n${mrkdwnText(r.targetEmail, 256)}`);
  if (r.kind === 'role') fields.push(`*Two-factor*\n${mfaPhrase(r.targetMfa)}`);
  return fields.map((text) => ({ type: 'mrkdwn', text, verbatim: true }));
}

function statusWord(r: RequestRecord): string {
  return r.status === 'pending' ? 'waiting for a decision' : r.status;
}

function statusBlocks(r: RequestRecord): KnownBlock[] {
  const approvals = approvalsLine(r);
  if (r.status === 'pending') {
    // An approver who already approved still sees the buttons: a second click says where the count stands.
    return [...(approvals ? [section(approvals)] : []), decisionButtons(`decide:${r.id}`, r.id)];
  }
  const lines = [
    decisionLine(r),
    approvals,
    outcomeLine(r),
    keyOwnerPhrase(r.status === 'done' || r.status === 'failed' ? r.executedWith : null),
  ]
    .filter(Boolean)
    .join('\n');
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: lines } }];
  if (r.status === 'failed') {
    blocks.push({
      type: 'actions',
      block_id: `retry:${r.id}`,
      elements: [{ type: 'button', action_id: RETRY_ACTION, text: { type: 'plain_text', text: 'Retry' }, value: r.id }],
    });
  }
  return blocks;
}

function decisionLine(r: RequestRecord): string {
  const when = r.decidedAt ? ` on ${slackDate(r.decidedAt)}` : '';
  const by = r.decidedBy ? ` by ${mentionUser(r.decidedBy)}` : '';
  const note = r.decisionNote ? `: “${mrkdwnText(r.decisionNote, NOTE_SHOWN_MAX)}”` : '';
  switch (r.status) {
    case 'denied':
      return `:no_entry: Denied${by}${when}${note}`;
    case 'cancelled':
      return `:wastebasket: Cancelled by the requester${when}.`;
    case 'expired':
      return ':alarm_clock: Expired without a decision.';
    default: {
      const rule = policyRuleOf(r.decidedBy);
      if (rule !== undefined) return `:robot_face: Approved automatically by policy rule ${inlineCode(rule)}${when}.`;
      if (isBreakGlass(r))
        return `:rotating_light: *Break-glass:* ${mentionUser(r.decidedBy!)} approved their own request${when}${note}`;
      return `:thumbsup: Approved${by}${when}${note}`;
    }
  }
}
