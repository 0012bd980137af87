import type { ModalView } from '@slack/types';
import type { ManualFinding } from '../../services/drift-actions.ts';
import { inlineCode, mrkdwnText } from '../text.ts';
import { slackDate } from './describe.ts';

export interface NeonPlace {
  orgId: string;
  /** NEON_API_URL, for the ready-to-run command */
  apiUrl: string;
}

const EMAIL_MAX = 256;

/**
 * For a finding no request of the bot's covers (it makes invitations, project keys, role changes
 * and removals, nothing else): the step a Neon admin takes, filled in with this finding's ids.
 */
export function manualStepModal(f: ManualFinding, neon: NeonPlace, slash: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'What to do in Neon' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: paragraphs(f, neon, slash).map((text) => ({
      type: 'section',
      text: { type: 'mrkdwn', verbatim: true, text },
    })),
  };
}

function paragraphs(f: ManualFinding, neon: NeonPlace, slash: string): string[] {
  const org = `${neon.apiUrl}/organizations/${neon.orgId}`;
  const again = `Then run \`${slash} admin reconcile\` to check.`;
  switch (f.kind) {
    case 'unknown_bot_key':
      return [
        `Key \`${f.keyId}\` is named ${inlineCode(f.keyName)}, so the bot made it, but no live request of the bot's holds it (a failed or closed request left it behind, or its record is gone). Anyone holding it can still use it.`,
        'There is no request for revoking a key the bot does not know, so a Neon admin revokes it: in the Neon console, *Organization settings → API keys*, or with an admin’s personal key:',
        `\`\`\`curl -X DELETE -H "Authorization: Bearer $NEON_API_KEY" ${org}/api_keys/${f.keyId}\`\`\``,
        again,
      ];
    case 'stale_invitation':
      return [
        `${mrkdwnText(f.email, EMAIL_MAX)} was invited as ${mrkdwnText(f.role, 40)} on ${slackDate(f.invitedAt)} and has not joined.`,
        'Neon’s API cannot withdraw an invitation, so the bot cannot either. If they should not join, a Neon admin revokes it in the Neon console (*Organization settings → People*, pending invitations). If they should, ask them to look for Neon’s email.',
        again,
      ];
  }
}
