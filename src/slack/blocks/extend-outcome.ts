import type { ExtensionOutcome } from '../../domain/grant-extension.ts';
import type { RequestRecord } from '../../domain/request-record.ts';
import { slackDate } from './describe.ts';

/** A done extension, for the card, the DMs and the audit line: whose end moved, old end → new end. */
export function extendedLine(r: RequestRecord): string {
  const o = r.result as Partial<ExtensionOutcome> | null;
  if (!o?.oldEnd || !o.newEnd) return ':white_check_mark: Done.';
  return `:white_check_mark: Done: grant \`${o.grantId}\` now ends ${slackDate(new Date(o.newEnd))} instead of ${slackDate(new Date(o.oldEnd))} (same key or role; nothing changed in Neon).`;
}
