import type { ConnectResult, DisconnectResult } from '../../services/admin-keys.ts';
import type { SlackMessage } from '../surface.ts';
import { mentionUser } from '../text.ts';
import type { Reply } from './replies.ts';
import { oneSection } from './sections.ts';

type ConnectRefusal = Exclude<ConnectResult, { ok: true }>;

/**
 * Why a key was not accepted, in plain text: shown under the modal's input (Slack renders
 * those as typed) or as an ephemeral reply. Never names the key.
 */
export function connectRefusal(r: ConnectRefusal): string {
  switch (r.code) {
    case 'not_approver':
      return 'Only approvers can connect a Neon key: it is used to carry out the requests they approve.';
    case 'encryption_not_configured':
      return 'The bot cannot store Neon keys yet: an operator must set BOT_ENCRYPTION_KEY (32 random bytes, base64) and restart it. Until then approvals use the shared NEON_API_KEY, if set.';
    case 'invalid_key':
      return 'Neon does not accept this key: it is mistyped, revoked or expired. Nothing was saved.';
    case 'not_personal_key':
      return 'This is an organization API key. Connect a personal key instead (Neon Console → Account settings → API keys).';
    case 'email_mismatch':
      return `This key belongs to a Neon account whose email is not your Slack email (${r.slackEmail}). Connect your own key. Nothing was saved.`;
    case 'no_slack_email':
      return 'Your Slack profile shows no email address, so the key cannot be checked against it. Nothing was saved.';
    case 'not_in_org':
      return "This key's Neon account is not a member of the organization the bot manages. Nothing was saved.";
    case 'not_admin':
      return `This key's Neon account is a ${r.role} of the organization, not an admin, so it cannot carry out approvals. Nothing was saved.`;
    case 'neon_unavailable':
      return 'Neon could not answer just now, so the key could not be checked and nothing was saved. Please try again.';
    case 'timed_out':
      return 'The checks took too long (Neon or Slack is slow right now), so nothing was saved. Please try again.';
  }
}

export const CONNECT_FAILED = 'Something went wrong on our side and nothing was saved. Please try again.';

export function disconnectReply(r: DisconnectResult): Reply {
  return r.removed
    ? {
        text: ':wastebasket: Your Neon key is removed from the bot. Requests you approve now use the shared fallback key, if one is set. The key itself still works in Neon until you revoke it there.',
      }
    : { text: 'You have no Neon key stored with the bot: nothing to remove.' };
}

/** The owner's DM when Neon answers 401 for their stored key; `slash` is the bot's command. */
export function keyRefusedNotice(requestId: string, slash: string): SlackMessage {
  const text =
    `:warning: Neon refused your stored personal API key (401) while carrying out request \`${requestId}\`, so that request failed. ` +
    'The key may have been revoked or have expired; the bot marked it invalid and will not use it again. ' +
    `Connect a fresh one with \`${slash} admin connect\`.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** Audit-channel lines for the life of an admin's key. */
export function adminKeyAuditLine(event: 'connected' | 'disconnected' | 'refused', userId: string): SlackMessage {
  const who = mentionUser(userId);
  const text = {
    connected: `:key: ${who} connected their own Neon key; requests they approve now run with it.`,
    disconnected: `:key: ${who} removed their own Neon key.`,
    refused: `:warning: Neon refused ${who}'s own Neon key (401); it is marked invalid and no longer used.`,
  }[event];
  return oneSection(text);
}
