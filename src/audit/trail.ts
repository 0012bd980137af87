import type { SlackSurface } from '../slack/surface.ts';
import type { RequestRecord } from '../store/request-types.ts';
import { auditLine } from './lines.ts';

/** Posts the audit line for a transition; the durable record is request_events, this is the human view. */
export class AuditTrail {
  constructor(
    private readonly surface: SlackSurface,
    private readonly channel: string | undefined,
  ) {}

  async record(r: RequestRecord, event: string, actorId: string): Promise<void> {
    const text = auditLine(r, event, actorId);
    await this.surface.notify(this.channel, { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text } }] });
  }
}
