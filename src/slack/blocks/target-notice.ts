import type { RequestRecord } from '../../domain/request-record.ts';
import type { SlackMessage } from '../surface.ts';
import { mentionUser } from '../text.ts';
import { deciderPhrase } from './describe.ts';
import { outcomeLine } from './outcome.ts';
import { oneSection } from './sections.ts';

/** The DM to the person whose Neon role (or grant's end) someone else asked to change, when it changes and when it ends. */
export function targetNotice(r: RequestRecord): SlackMessage {
  const head =
    r.kind === 'extend'
      ? `${mentionUser(r.requesterId)} asked to extend your grant \`${r.grantId}\` (request \`${r.id}\`), and ${deciderPhrase(r.decidedBy)} approved.`
      : r.status === 'reverted'
        ? `The temporary Neon role that ${mentionUser(r.requesterId)} asked for you (request \`${r.id}\`) has ended.`
        : `${mentionUser(r.requesterId)} asked to change your Neon role (request \`${r.id}\`), and ${deciderPhrase(r.decidedBy)} approved.`;
  const text = `${head}\n${outcomeLine(r)}`;
  return oneSection(text);
}
