import type { KnownBlock } from '@slack/types';
import { MAX_REASON_LENGTH, type Reason } from '../../domain/command-grammar.ts';
import { formatDuration } from '../../domain/duration.ts';
import { approvalsCounted } from '../../domain/quorum.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { AskResult } from '../../services/ask-invite.ts';
import type { AutoApproval } from '../../services/auto-approve.ts';
import type { BreakGlassResult } from '../../services/break-glass.ts';
import type { DecideResult } from '../../services/decide.ts';
import type { RetryResult } from '../../services/retry.ts';
import { inlineCode, mrkdwnText } from '../text.ts';
import { deciderPhrase, describeAsk } from './describe.ts';
import { nudgeButton } from './nudge.ts';
import { context, section } from './sections.ts';

export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}

/** A refused command, then where to look; `slash` is the bot's command (SLASH_COMMAND). */
export function errorReply(message: string, slash: string): Reply {
  return { text: `${message}\nType \`${slash} help\` to see everything you can ask for.` };
}

/** The reply to an ask whose typed reason was longer than a request keeps: it says so, once the request is made. */
export function sayIfReasonShortened(reply: Reply, result: { ok: boolean }, ask: Reason): Reply {
  if (!result.ok || !ask.reasonShortened) return reply;
  const note = `:scissors: Your reason was shortened to ${MAX_REASON_LENGTH} characters.`;
  return { text: `${reply.text}\n${note}`, ...(reply.blocks ? { blocks: [...reply.blocks, context(note)] } : {}) };
}

export function unavailableReply(): Reply {
  return { text: 'Something went wrong on our side and nothing was changed. Please try again in a minute.' };
}

export function askReply(result: AskResult): Reply {
  if (result.ok) {
    const r = result.request;
    const text = `:inbox_tray: Request \`${r.id}\` created: ${describeAsk(r)}. ${whoDecides(result.autoApproval, r.approvalsNeeded)}; you will get a DM with the outcome.`;
    if (r.status !== 'pending') return { text };
    // While it waits, the asker can remind its approvers from here.
    return {
      text,
      blocks: [section(text), { type: 'actions', block_id: `ask-nudge:${r.id}`, elements: [nudgeButton(r.id)] }],
    };
  }
  switch (result.code) {
    case 'not_eligible':
      return { text: 'Only full members of this Slack workspace can ask for Neon access (not guests or bots).' };
    case 'no_email':
      return {
        text: 'Your Slack profile shows no email address, and invitations go only to your own profile email. Ask a Slack admin to check your profile.',
      };
    case 'domain_not_allowed':
      return {
        text: `Invitations go only to addresses at ${result.allowed.map((d) => `\`${mrkdwnText(d, 100)}\``).join(', ')}; your Slack email ${mrkdwnText(result.email, 256)} is not one of them.`,
      };
    case 'already_member':
      return {
        text: `${mrkdwnText(result.email, 256)} is already a member of the Neon organization: nothing to ask for.`,
      };
    case 'already_invited':
      return {
        text: `${mrkdwnText(result.email, 256)} already has a pending invitation to the Neon organization. Check your inbox for the email from Neon.`,
      };
    case 'duplicate':
      return {
        text: `You already asked for this: request \`${result.existing.id}\` is ${result.existing.status}. No new request was made.`,
      };
  }
}

/** Who decides a new request: a person, or the policy rule that approved it (and why one did not). */
function whoDecides(auto: AutoApproval | undefined, approvalsNeeded: number): string {
  if (approvalsNeeded > 1)
    return `It needs the approval of ${approvalsNeeded} different approvers, who have been asked`;
  if (!auto) return 'An approver has been asked';
  const rule = inlineCode(auto.rule);
  switch (auto.outcome) {
    case 'approved':
      return `It was approved automatically by policy rule ${rule}`;
    case 'quota_spent':
      return `Policy rule ${rule} approves at most ${auto.quota.requests} of your requests per ${formatDuration(auto.quota.perMs)} and that is used up, so an approver has been asked`;
    case 'no_key':
      return `Policy rule ${rule} would approve it, but the bot has no shared Neon key to act for a rule, so an approver has been asked`;
  }
}

export function decideReply(result: Exclude<DecideResult, { ok: true }>): Reply {
  switch (result.code) {
    case 'not_found':
      return { text: 'That request no longer exists.' };
    case 'not_approver':
      if (result.routedProject) {
        return {
          text: `Key requests for project ${inlineCode(result.routedProject)} are decided by that project's own approvers (the bot's policy), so nothing was changed.`,
        };
      }
      return { text: 'Only approvers can decide on requests, so nothing was changed.' };
    case 'self_decision':
      return { text: 'You cannot decide on your own request, nor on a role change for you; another approver has to.' };
    case 'break_glass':
      return {
        text: `Approving your own request \`${result.request.id}\` takes a break-glass reason, and its form could not open. Click Approve again.`,
      };
    case 'already_approved':
      return {
        text: `You already approved \`${result.request.id}\`: ${approvalsSoFar(result.request)}, and each approver counts once. It waits for another approver.`,
      };
    case 'break_glass_counted':
      return {
        text: `A break-glass approval already counts toward \`${result.request.id}\` (${approvalsSoFar(result.request)}), and break-glass counts once; another approver has to approve.`,
      };
    case 'already_decided': {
      const r = result.request;
      const by = r.decidedBy ? ` by ${deciderPhrase(r.decidedBy)}` : '';
      return { text: `Request \`${r.id}\` was already ${r.status}${by}; your click changed nothing.` };
    }
  }
}

/** "1 of 2 approvals so far". */
function approvalsSoFar(r: RequestRecord): string {
  return `${approvalsCounted(r)} of ${r.approvalsNeeded} approvals so far`;
}

/** Why a break-glass approval did not happen, told by DM (its form has closed). */
export function breakGlassReply(result: Exclude<BreakGlassResult, { ok: true }>): Reply {
  switch (result.code) {
    case 'break_glass_off':
      return {
        text: 'Break-glass approvals are turned off by the policy, so nothing was changed; another approver has to decide.',
      };
    case 'reason_too_short':
      return { text: `A break-glass reason needs at least ${result.minLength} characters; nothing was changed.` };
    case 'not_own':
      return {
        text: `Request \`${result.request.id}\` is not your own, so it needs no break-glass: use the card's Approve button. Nothing was changed.`,
      };
    default:
      return decideReply(result);
  }
}

export function retryReply(result: Exclude<RetryResult, { ok: true }>): Reply {
  switch (result.code) {
    case 'not_found':
      return { text: 'That request no longer exists.' };
    case 'not_approver':
      return { text: 'Only approvers can retry a request, so nothing was changed.' };
    case 'not_failed':
      return {
        text: `Request \`${result.request?.id ?? '?'}\` is ${result.request?.status ?? 'gone'}, not failed: nothing to retry.`,
      };
  }
}
