import { formatDuration } from '../../domain/duration.ts';
import type { GrantState } from '../../domain/grant-extension.ts';
import type { ExtendAskResult } from '../../services/ask-extend.ts';
import type { EndNowResult } from '../../services/end-grant-now.ts';
import { slackDate } from './describe.ts';
import { askReply, type Reply } from './replies.ts';

/** Why a grant cannot be extended or ended: it is over, one way or another. */
function notLive(grantId: string, r: Exclude<GrantState, { ok: true }>): string {
  switch (r.code) {
    case 'ended':
      return `Grant \`${grantId}\` already ended, ${slackDate(r.at)}.`;
    case 'revoked':
      return `Grant \`${grantId}\` was revoked.`;
    case 'not_timed':
      return `\`${grantId}\` is not a live key or temporary role.`;
  }
}

/** The reply to `extend` (or the extension form); `slash` names the bot's command. */
export function extendAskReply(result: ExtendAskResult, slash: string): Reply {
  if (result.ok) return askReply(result);
  switch (result.code) {
    case 'not_yours':
      return {
        text: `\`${result.grantId}\` is not a grant of yours (nor one you approve for). \`${slash} mine\` lists what you hold.`,
      };
    case 'ended':
    case 'revoked':
    case 'not_timed':
      return { text: `${notLive(result.grantId, result)} Nothing to extend.` };
    case 'duplicate':
      return {
        text: `An extension of this grant is already ${result.existing.status === 'pending' ? 'waiting for a decision' : 'under way'}: request \`${result.existing.id}\`. No new request was made.`,
      };
    case 'over_max':
      return { text: `One extension may add at most ${formatDuration(result.maxMs)}. No request was made.` };
    case 'over_total':
      return {
        text: `A grant may last at most ${formatDuration(result.maxTotalMs)} in all, extensions included: this one may end no later than ${slackDate(result.latestEnd)}. No request was made.`,
      };
    case 'not_eligible':
      return askReply(result);
  }
}

/** The reply to End now. */
export function endNowReply(result: EndNowResult): Reply {
  if (result.ok)
    return { text: `:stopwatch: Ending grant \`${result.grant.id}\` now; you will get a DM once it is done.` };
  if (result.code === 'not_yours') return { text: `\`${result.grantId}\` is not a grant you hold.` };
  return { text: `${notLive(result.grantId, result)} Nothing to end.` };
}
