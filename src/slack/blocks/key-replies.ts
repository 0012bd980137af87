import { formatDuration } from '../../domain/duration.ts';
import type { AskKeyResult } from '../../services/ask-key.ts';
import type { RevealResult } from '../../services/reveal-key.ts';
import type { RevokeResult } from '../../services/revoke-own-key.ts';
import { escapeMrkdwn, inlineCode } from '../text.ts';
import { slackDate } from './describe.ts';
import { askReply, type Reply } from './replies.ts';

const NO_ENCRYPTION =
  'Project keys are not available yet: an operator must set BOT_ENCRYPTION_KEY (32 random bytes, base64), so the bot can hold a new key encrypted until you reveal it.';
const noNeonKey = (slash: string) =>
  `The bot has no Neon key to act with: an approver can connect their own with \`${slash} admin connect\`, or an operator can set NEON_API_KEY.`;

/** `slash` in these answers is the bot's command (SLASH_COMMAND), as people type it. */
export function askKeyReply(result: AskKeyResult, slash: string): Reply {
  if (result.ok || result.code === 'duplicate') return askReply(result);
  switch (result.code) {
    case 'encryption_not_configured':
      return { text: NO_ENCRYPTION };
    case 'duration_too_long':
      return {
        text: `${result.projectId ? `A key for project ${inlineCode(result.projectId)}` : 'A project key'} can be asked for at most ${formatDuration(result.maxMs)}. Ask for a shorter time, e.g. \`for 8h\`; nothing was requested.`,
      };
    case 'not_eligible':
      return { text: 'Only full members of this Slack workspace can ask for Neon access (not guests or bots).' };
    case 'no_lookup_key':
      return {
        text: 'The bot has no Neon key to look projects up with: an operator must set NEON_API_KEY. Nothing was requested.',
      };
    case 'neon_unavailable':
      return {
        text: 'Neon could not answer just now, so the project could not be looked up and nothing was requested. Please try again in a minute.',
      };
    case 'unknown_project':
      return {
        text: `No project in the Neon organization has the id or name ${inlineCode(result.project)}; nothing was requested. Type \`${slash} key\` alone to pick one from the list.`,
      };
    case 'choose_project':
      return {
        text: `${inlineCode(result.project)} does not name one project; nothing was requested. Type \`${slash} key\` alone to pick it from the list.`,
      };
  }
}

/** The answer to `/neon key …` when its form could not open in time. */
export const keyFormFailed = (slash: string): string =>
  `The request form could not open in time. Please type the command again, or name the project: \`${slash} key <project id or name>\`.`;

export function revokeReply(result: RevokeResult, slash: string): Reply {
  const key = `\`${result.keyId}\``;
  if (result.ok)
    return { text: `:lock: Key ${key} (request \`${result.request.id}\`) is revoked in Neon and no longer works.` };
  switch (result.code) {
    case 'not_yours':
      return {
        text: `Key ${key} is not a key the bot issued to you, so nothing was revoked. \`${slash} mine\` lists yours.`,
      };
    case 'already_revoked':
      return { text: `Key ${key} (request \`${result.request.id}\`) is already revoked; nothing more to do.` };
    case 'no_neon_key':
      return { text: `${noNeonKey(slash)} Key ${key} still works until then.` };
    case 'neon_failed':
      return {
        text: `Neon could not revoke key ${key} just now (${escapeMrkdwn(result.message)}); it still works. Please try again in a minute.`,
      };
  }
}

/** Why a Reveal click showed nothing, told to the clicker alone. */
export function revealRefusal(result: Exclude<RevealResult, { ok: true }>, slash: string): Reply {
  if (result.code === 'not_found') return { text: 'There is no key to reveal for this message.' };
  if (result.code === 'not_yours') return { text: 'Only the person who asked for this key can reveal it.' };
  const { keyId, projectId } = result.key;
  const askAgain = `ask for a new one with \`${slash} key ${escapeMrkdwn(projectId)}\``;
  switch (result.code) {
    case 'already_shown':
      return {
        text: `Key \`${keyId}\` was already shown, on ${slackDate(result.revealedAt)}, and the bot keeps no copy, so it cannot be shown again. If you did not save it, revoke it with \`${slash} revoke ${keyId}\` and ${askAgain}.`,
      };
    case 'expired':
    case 'not_held':
      return { text: notRevealedInTime(keyId, askAgain) };
    case 'revoked':
      if (result.key.revokedFor === 'unrevealed') return { text: notRevealedInTime(keyId, askAgain) };
      return {
        text: `Key \`${keyId}\` is revoked, so there is nothing to reveal. If you still need access, ${askAgain}.`,
      };
    case 'unreadable':
      return {
        text: `The bot can no longer open its copy of key \`${keyId}\` (its encryption key changed). Revoke it with \`${slash} revoke ${keyId}\` and ${askAgain}.`,
      };
    case 'none':
      return {
        text: `The bot holds nothing for key \`${keyId}\`. Revoke it with \`${slash} revoke ${keyId}\` and ${askAgain}.`,
      };
  }
}

function notRevealedInTime(keyId: number, askAgain: string): string {
  return `Key \`${keyId}\` was not revealed in time, so the bot deleted its copy unseen and revoked the key. Please ${askAgain}.`;
}
