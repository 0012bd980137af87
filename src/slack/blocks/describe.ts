import { formatDuration } from '../../domain/duration.ts';
import { policyRuleOf } from '../../domain/policy.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import { escapeMrkdwn, inlineCode, mentionUser, mrkdwnText } from '../text.ts';

/** "an invitation to the org as *member*": the one phrase every message uses for a request. */
export function describeAsk(r: RequestRecord): string {
  switch (r.kind) {
    case 'invite':
      return `an invitation to the Neon organization as *${r.role ?? 'member'}*`;
    case 'key':
      return `a project API key for \`${escapeMrkdwn(r.projectId ?? '?')}\`${r.durationMs ? ` for ${formatDuration(r.durationMs)}` : ''}`;
    case 'role':
      return `the *${r.role ?? '?'}* role${r.targetUserId && r.targetUserId !== r.requesterId ? ` for ${mentionUser(r.targetUserId)}` : ''}${r.durationMs ? ` for ${formatDuration(r.durationMs)}` : ''}`;
    case 'remove': {
      const email = mrkdwnText(r.targetEmail ?? '?', 256);
      return `the removal of ${r.targetUserId ? `${mentionUser(r.targetUserId)} (${email})` : email} from the Neon organization`;
    }
    case 'extend': {
      const what = r.projectId
        ? `the key for \`${escapeMrkdwn(r.projectId)}\``
        : `the *${r.role ?? '?'}* role${r.targetUserId && r.targetUserId !== r.requesterId ? ` of ${mentionUser(r.targetUserId)}` : ''}`;
      return `${formatDuration(r.durationMs ?? 0)} more of ${what} (grant \`${r.grantId ?? '?'}\`)`;
    }
  }
}

/** Slack renders <!date^…> in each reader's own time zone; the fallback is UTC. */
export function slackDate(d: Date): string {
  const unix = Math.floor(d.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${d.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
}

/** Who decided: a person, or the policy rule that approved on its own. */
export function deciderPhrase(decidedBy: string | null): string {
  if (!decidedBy) return 'an approver';
  const rule = policyRuleOf(decidedBy);
  return rule === undefined ? mentionUser(decidedBy) : `policy rule ${inlineCode(rule)}`;
}

export function keyOwnerPhrase(executedWith: string | null): string {
  if (!executedWith) return '';
  return executedWith === 'fallback'
    ? 'with the shared fallback Neon key'
    : `with ${mentionUser(executedWith)}'s own Neon key`;
}
