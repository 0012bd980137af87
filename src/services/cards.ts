import type { Logger } from '../log/logger.ts';
import { approvalCard } from '../slack/blocks/card.ts';
import type { Approvers } from '../slack/approvers.ts';
import type { SlackSurface } from '../slack/surface.ts';
import type { RequestStore } from '../store/requests.ts';
import type { RequestRecord } from '../store/request-types.ts';

/** Places a request's approval card (the approval channel, or each approver's DM) and keeps every copy true. */
export class Cards {
  constructor(
    private readonly store: RequestStore,
    private readonly surface: SlackSurface,
    private readonly approvers: Approvers,
    private readonly approvalChannel: string | undefined,
    private readonly log: Logger,
  ) {}

  async publish(r: RequestRecord): Promise<number> {
    const message = approvalCard(r);
    const places: (() => Promise<string>)[] = this.approvalChannel
      ? [async () => this.approvalChannel!]
      : (await this.approvers.all()).filter((id) => id !== r.requesterId).map((id) => () => this.surface.dmChannel(id));
    let placed = 0;
    for (const place of places) {
      try {
        // The reference is stored right after the post, so every later step updates this same message.
        await this.store.addCard(r.id, await this.surface.post(await place(), message));
        placed++;
      } catch (err) {
        this.log.error({ err, requestId: r.id }, 'could not post an approval card');
      }
    }
    return placed;
  }

  async refresh(r: RequestRecord): Promise<void> {
    const message = approvalCard(r);
    await Promise.all((await this.store.cards(r.id)).map((card) => this.surface.update(card, message)));
  }
}
