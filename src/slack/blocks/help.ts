import type { KnownBlock } from '@slack/types';
import { ADMIN_ACTIONS, SUBCOMMANDS } from '../../domain/command-grammar.ts';
import { NUDGE_GAP_MS } from '../../domain/nudge.ts';
import { escapeMrkdwn } from '../text.ts';
import type { Reply } from './replies.ts';

function entry(s: (typeof SUBCOMMANDS)[number], slash: string): string {
  if (s.name === 'admin') return adminEntry(slash);
  return `*\`${escapeMrkdwn(`${slash} ${s.usage}`)}\`*\n${escapeMrkdwn(s.description)}\n_e.g._ \`${escapeMrkdwn(`${slash} ${s.example}`)}\``;
}

/** Approvers need to find `connect`; everyone else sees plainly that it is not for them. */
function adminEntry(slash: string): string {
  return [
    '*For approvers only*',
    ...ADMIN_ACTIONS.map((a) => `*\`${escapeMrkdwn(`${slash} ${a.usage}`)}\`*\n${escapeMrkdwn(a.description)}`),
  ].join('\n');
}

/** What the loaded policy lets happen without another person's approval; the footer must not deny it. */
export interface HelpPolicy {
  autoApproval: boolean;
  breakGlass: boolean;
  /** Some request still waiting after a while goes to more approvers. */
  escalation?: boolean;
  /** Some requests need several approvers (the policy's `approvals:`). */
  quorum?: boolean;
  /** The roles given only with MFA on in Neon (the policy's `requireMfa.roles`). */
  mfaRoles?: readonly string[];
}

function footer(policy: HelpPolicy, slash: string): string {
  const route = policy.autoApproval
    ? "Some requests are approved automatically by your team's policy; the rest go to an approver. Either way you get a DM with the outcome."
    : 'Every request goes to an approver; you get a DM with the outcome. Nothing is done in Neon until someone approves.';
  const emergency = policy.breakGlass
    ? ' In an emergency an approver may approve their own request, with a reason every other approver is told.'
    : '';
  const escalation = policy.escalation
    ? ' A request still waiting after the time your policy sets is shown to more approvers, who may decide it too.'
    : '';
  const nudge = ` While your request waits, its *Nudge approvers* button (under the reply to your ask, in \`${slash} mine\` and on the bot's Home tab) reminds its approvers, at most once every ${NUDGE_GAP_MS / 60_000} minutes.`;
  const quorum = policy.quorum ? ' Some requests need the approval of more than one approver.' : '';
  const mfa = policy.mfaRoles?.length
    ? ` The ${policy.mfaRoles.join(' and ')} role${policy.mfaRoles.length > 1 ? 's are' : ' is'} given only to people with two-factor authentication (MFA) on in Neon (Account settings in the Neon console).`
    : '';
  return route + quorum + emergency + mfa + escalation + nudge;
}

/** `slash`: the bot's command (SLASH_COMMAND), as people type it. */
export function helpMessage(
  topic: string | undefined,
  policy: HelpPolicy,
  slash: string,
): Reply & { blocks: KnownBlock[] } {
  const chosen = SUBCOMMANDS.filter((s) => s.name === topic);
  const shown = chosen.length ? chosen : SUBCOMMANDS;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Neon access: what you can ask for' } },
    ...shown.map((s): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: entry(s, slash) } })),
    { type: 'context', elements: [{ type: 'mrkdwn', text: footer(policy, slash) }] },
  ];
  return { text: shown.map((s) => `${slash} ${s.usage}`).join('\n'), blocks };
}
