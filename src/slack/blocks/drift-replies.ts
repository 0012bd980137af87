import type { RequestRecord } from '../../domain/request-record.ts';
import type { ReconcileAskResult } from '../../services/ask-reconcile.ts';
import type { FindingActionResult } from '../../services/drift-actions.ts';
import type { SlackMessage } from '../surface.ts';
import { mentionUser, mrkdwnText } from '../text.ts';
import { removeAskReply } from './remove-reply.ts';
import type { Reply } from './replies.ts';
import { roleAskReply } from './role-reply.ts';
import { oneSection } from './sections.ts';

/** The answer to `/neon admin reconcile`, at once: the work runs as a job. */
export function reconcileAskReply(result: ReconcileAskResult): Reply {
  if (!result.ok) return { text: 'Only approvers can run a reconciliation.' };
  const where = result.postsTo === 'audit_channel' ? 'the audit channel' : 'you by DM (no audit channel is set)';
  return {
    text: `:mag: Reconciliation is running: Neon is only read, nothing is changed. The summary goes to ${where}.`,
  };
}

/** What the clicker of a finding's button is told (the manual steps open a modal instead); `slash` is the bot's command. */
export function findingActionReply(result: Exclude<FindingActionResult, { code: 'manual' }>, slash: string): Reply {
  switch (result.code) {
    case 'not_approver':
      return { text: 'Only approvers can act on reconciliation findings, so nothing was changed.' };
    case 'role_asked':
      return roleAskReply(result.asked, slash);
    case 'remove_asked':
      return removeAskReply(result.asked);
    case 'no_slack_account':
      return {
        text: `${mrkdwnText(result.email, 256)} has no active Slack account, so the bot cannot ask for a role change for them (it finds people by their Slack email). A Neon admin can change the role in the Neon console.`,
      };
    case 'restore_queued':
      return {
        text: `:repeat: The bot restores the previous role of \`${result.requestId}\` now; its card and the audit channel will say how it went.`,
      };
    case 'key_closed':
      return {
        text: `:lock: Request \`${result.requestId}\` now records key \`${result.keyId}\` as revoked; its owner has been told.`,
      };
    case 'not_live':
      return {
        text: `Request \`${result.requestId}\` is ${result.status ?? 'gone'} and not what the finding described any more: nothing to do. Run \`${slash} admin reconcile\` for a fresh summary.`,
      };
    case 'key_present':
      return {
        text: `Key \`${result.keyId}\` of \`${result.requestId}\` is in Neon after all, so its record was left as it is.`,
      };
    case 'no_neon_key':
      return {
        text: `There is no Neon key to act with: connect your own with \`${slash} admin connect\`, or ask an operator to set NEON_API_KEY. Nothing was changed.`,
      };
    case 'neon_failed':
      return {
        text: `Neon did not answer as expected (${mrkdwnText(result.message, 300)}); nothing was changed. Try again in a minute.`,
      };
  }
}

/** The audit line for an approver's click that ends a temporary role past its end. */
export function restoreAskedLine(r: RequestRecord, approverId: string): SlackMessage {
  const text = `:repeat: \`${r.id}\` ${mentionUser(approverId)} asked the bot to restore the previous role now: reconciliation found the *${r.role ?? '?'}* role past its end`;
  return oneSection(text);
}
