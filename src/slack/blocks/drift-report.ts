import type { Button, KnownBlock } from '@slack/types';
import {
  DRIFT_KINDS,
  type DriftFailure,
  type DriftFinding,
  type DriftKind,
  type DriftSurvey,
} from '../../domain/drift.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { SlackMessage } from '../surface.ts';
import { inlineCode, mentionUser, mrkdwnText } from '../text.ts';
import { keyOwnerPhrase, slackDate } from './describe.ts';
import { context, section } from './sections.ts';

/** Every finding's button: `reconcile_finding:<n>`, one action id per button so each names its own. */
export const FINDING_ACTION = /^reconcile_finding:\d+$/;

const DAY_MS = 86_400_000;
export const EMAIL_MAX = 256;

/** Findings per thread reply: one section each, plus the range line, well under 50 blocks. */
export const FINDINGS_PER_REPLY = 40;
/** At most this many replies (1,000 findings); the summary counts every finding, shown or not. */
export const MAX_REPLIES = 25;

/** What a reconciliation posts: the summary, then its findings as replies in the summary's thread. */
export interface DriftReport {
  summary: SlackMessage;
  replies: SlackMessage[];
}

const KIND_COUNTS: Record<DriftKind, string> = {
  admin_not_granted: 'admins the bot did not grant',
  unknown_bot_key: 'keys named by the bot with no record',
  expired_role: 'temporary roles past their end',
  slack_deactivated: 'deactivated in Slack, still in Neon',
  recorded_key_missing: 'issued keys gone from Neon',
  stale_invitation: 'stale invitations',
};

/**
 * The summary (what was read, how many findings of each kind) and the findings, each with its
 * button, FINDINGS_PER_REPLY to a thread reply: a large organization's findings need not fit in
 * one message's 50 blocks.
 */
export function driftReport(s: DriftSurvey, slash: string): DriftReport {
  const n = s.findings.length;
  const shownCount = Math.min(n, FINDINGS_PER_REPLY * MAX_REPLIES);
  const hidden = n - shownCount;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Reconciliation: Neon against what the bot granted' } },
    context(scopeLine(s)),
    section(
      n === 0
        ? ':white_check_mark: *No drift:* Neon matches what the bot granted.'
        : `:mag: *${n} finding${n === 1 ? '' : 's'}:* ${kindCounts(s.findings)}. Nothing was changed in Neon. Each finding is in this message's thread, with a button that asks for an ordinary request, acts on the bot's own record, or explains a step the bot cannot take; only approvers can use them.`,
    ),
  ];
  if (hidden > 0)
    blocks.push(
      context(
        `The thread shows the first ${shownCount}; ${hidden} more are not shown. Settle these, then run \`${slash} admin reconcile\` again.`,
      ),
    );
  const replies: SlackMessage[] = [];
  for (let from = 0; from < shownCount; from += FINDINGS_PER_REPLY) {
    const to = Math.min(from + FINDINGS_PER_REPLY, shownCount);
    const range = `Findings ${from + 1}–${to} of ${n}`;
    replies.push({
      text: range,
      blocks: [
        context(range),
        ...s.findings
          .slice(from, to)
          .map((f, i) =>
            section(findingText(f, s.at), { blockId: `finding:${from + i}`, button: findingButton(f, from + i) }),
          ),
      ],
    });
  }
  return {
    summary: {
      text: n === 0 ? 'Reconciliation: no drift' : `Reconciliation: ${n} finding${n === 1 ? '' : 's'}`,
      blocks,
    },
    replies,
  };
}

function kindCounts(findings: DriftFinding[]): string {
  const counts = new Map<DriftKind, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return DRIFT_KINDS.filter((k) => counts.has(k))
    .map((k) => `${KIND_COUNTS[k]}: ${counts.get(k)}`)
    .join('; ');
}

/** A reconciliation that could not compare anything, and why; `slash` is the bot's command, to run it again. */
export function driftFailure(f: DriftFailure, slash: string): SlackMessage {
  const who = f.askedBy ? ` (run by ${mentionUser(f.askedBy)})` : '';
  const text =
    f.problem === 'no_key'
      ? `:warning: Reconciliation${who} could not run: there is no Neon key to read the organization with. An operator can set NEON_API_KEY, or an approver can \`${slash} admin connect\` and run \`${slash} admin reconcile\`.`
      : `:warning: Reconciliation${who} could not read Neon: ${mrkdwnText(f.message, 500)} Nothing was compared; run \`${slash} admin reconcile\` to try again.`;
  return { text, blocks: [section(text)] };
}

function scopeLine(s: DriftSurvey): string {
  const who = s.askedBy ? `Run by ${mentionUser(s.askedBy)}` : 'Scheduled run';
  const { members, keys, invitations } = s.seen;
  const slack = s.slackRead
    ? `Slack accounts checked for all ${members} members`
    : 'Slack could not list its accounts this time, so deactivated accounts were not checked';
  return `${who} ${slackDate(s.at)}, read ${keyOwnerPhrase(s.keyOwner)}: ${members} members, ${keys} org API keys, ${invitations} invitations (reported when pending over ${formatDuration(s.inviteMaxAgeMs)}). ${slack}.`;
}

function findingText(f: DriftFinding, now: Date): string {
  switch (f.kind) {
    case 'admin_not_granted':
      return `:bust_in_silhouette: *Admin the bot did not grant:* ${mrkdwnText(f.email, EMAIL_MAX)}`;
    case 'unknown_bot_key':
      return `:key: *Key named by the bot, with no record of it:* \`${f.keyId}\` ${inlineCode(f.keyName)} for ${f.projectId ? `project ${inlineCode(f.projectId)}` : '*the whole organization*'}`;
    case 'expired_role':
      return `:hourglass: *Temporary role past its end:* \`${f.requestId}\` gave ${mentionUser(f.targetUserId)} (${mrkdwnText(f.email, EMAIL_MAX)}) the *${f.role}* role until ${slackDate(f.expiredAt)}, and the previous role was not restored`;
    case 'slack_deactivated':
      return `:no_entry_sign: *Deactivated in Slack, still in Neon:* ${mrkdwnText(f.email, EMAIL_MAX)} (${mrkdwnText(f.role, 40)})`;
    case 'recorded_key_missing':
      return `:ghost: *Key the bot issued is gone from Neon:* \`${f.keyId}\` for project ${inlineCode(f.projectId)}, request \`${f.requestId}\` of ${mentionUser(f.requesterId)}; the bot still counts it as live`;
    case 'stale_invitation':
      return `:envelope: *Invitation pending for ${Math.floor((now.getTime() - f.invitedAt.getTime()) / DAY_MS)} days:* ${mrkdwnText(f.email, EMAIL_MAX)} as ${mrkdwnText(f.role, 40)}, sent ${slackDate(f.invitedAt)}`;
  }
}

/** Acting on the bot's own record happens at the click, so those two ask first. */
const BUTTONS: Record<DriftFinding['kind'], { label: string; confirm?: { title: string; text: string; yes: string } }> =
  {
    admin_not_granted: { label: 'Ask to make member' },
    unknown_bot_key: { label: 'How to revoke' },
    expired_role: {
      label: 'Restore now',
      confirm: {
        title: 'Restore the previous role?',
        text: 'The bot ends this temporary role now, as it should have at its end.',
        yes: 'Restore',
      },
    },
    slack_deactivated: { label: 'Ask to remove' },
    recorded_key_missing: {
      label: 'Close the record',
      confirm: {
        title: 'Close the bot’s record?',
        text: 'The bot marks the key revoked (revoking it in Neon too, should it still be there) and tells its owner.',
        yes: 'Close it',
      },
    },
    stale_invitation: { label: 'What to do' },
  };

function findingButton(f: DriftFinding, i: number): Button {
  const { label, confirm } = BUTTONS[f.kind];
  return {
    type: 'button',
    action_id: `reconcile_finding:${i}`,
    text: { type: 'plain_text', text: label },
    // The finding itself (ids, emails, dates: well under the 2000-character limit), checked again on click.
    value: JSON.stringify(f),
    ...(confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: confirm.title },
            text: { type: 'plain_text', text: confirm.text },
            confirm: { type: 'plain_text', text: confirm.yes },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        }
      : {}),
  };
}
