import { formatDuration } from '../../domain/duration.ts';
import { issuedKeyOf } from '../../domain/issued-key.ts';
import { policyRuleOf } from '../../domain/policy.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import type { RoleOutcome } from '../../domain/role-outcome.ts';
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

/** One live key or temporary role and when it ends, as `/neon mine`, the Home tab, the warning before its end and the Extend… form name it. */
export function grantSummary(r: RequestRecord): string {
  const until = r.grantExpiresAt ? `until ${slackDate(r.grantExpiresAt)}` : 'no expiry';
  const key = r.kind === 'key' ? issuedKeyOf(r.result) : undefined;
  if (key) return `key \`${key.keyId}\` for project \`${escapeMrkdwn(key.projectId)}\`, ${until} (\`${r.id}\`)`;
  const role = r.kind === 'role' ? (r.result as RoleOutcome | null) : null;
  if (role) return `the *${role.newRole}* role ${until}, then back to *${role.previousRole}* (\`${r.id}\`)`;
  return `${describeAsk(r)}, ${until} (\`${r.id}\`)`;
}
