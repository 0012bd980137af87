import type { AskResult } from '../../services/ask-invite.ts';
import type { DecideResult } from '../../services/decide.ts';
import type { RetryResult } from '../../services/retry.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { describeAsk } from './describe.ts';

const HELP_HINT = 'Type `/neon help` to see everything you can ask for.';

export interface Reply {
  text: string;
}

export function errorReply(message: string): Reply {
  return { text: `${message}\n${HELP_HINT}` };
}

export function unavailableReply(): Reply {
  return { text: 'Something went wrong on our side and nothing was changed. Please try again in a minute.' };
}

export function askReply(result: AskResult): Reply {
  if (result.ok) {
    const r = result.request;
    return { text: `:inbox_tray: Request \`${r.id}\` created: ${describeAsk(r)}. An approver has been asked; you will get a DM with the outcome.` };
  }
  switch (result.code) {
    case 'not_eligible':
      return { text: 'Only full members of this Slack workspace can ask for Neon access (not guests or bots).' };
    case 'no_email':
      return { text: 'Your Slack profile shows no email address, and invitations go only to your own profile email. Ask a Slack admin to check your profile.' };
    case 'domain_not_allowed':
      return {
        text: `Invitations go only to addresses at ${result.allowed.map((d) => `\`${mrkdwnText(d, 100)}\``).join(', ')}; your Slack email ${mrkdwnText(result.email, 256)} is not one of them.`,
      };
    case 'already_member':
      return { text: `${mrkdwnText(result.email, 256)} is already a member of the Neon organization: nothing to ask for.` };
    case 'already_invited':
      return { text: `${mrkdwnText(result.email, 256)} already has a pending invitation to the Neon organization. Check your inbox for the email from Neon.` };
    case 'duplicate':
      return { text: `You already asked for this: request \`${result.existing.id}\` is ${result.existing.status}. No new request was made.` };
  }
}

export function decideReply(result: Exclude<DecideResult, { ok: true }>): Reply {
  switch (result.code) {
    case 'not_found':
      return { text: 'That request no longer exists.' };
    case 'not_approver':
      return { text: 'Only approvers can decide on requests, so nothing was changed.' };
    case 'self_decision':
      return { text: 'You cannot decide on your own request, nor on a role change for you; another approver has to.' };
    case 'already_decided': {
      const r = result.request;
      const by = r.decidedBy ? ` by ${mentionUser(r.decidedBy)}` : '';
      return { text: `Request \`${r.id}\` was already ${r.status}${by}; your click changed nothing.` };
    }
  }
}

export function retryReply(result: Exclude<RetryResult, { ok: true }>): Reply {
  switch (result.code) {
    case 'not_found':
      return { text: 'That request no longer exists.' };
    case 'not_approver':
      return { text: 'Only approvers can retry a request, so nothing was changed.' };
    case 'not_failed':
      return { text: `Request \`${result.request?.id ?? '?'}\` is ${result.request?.status ?? 'gone'}, not failed: nothing to retry.` };
  }
}
