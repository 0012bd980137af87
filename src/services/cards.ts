import type { Chat, Presenter } from '../app/ports.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { Logger } from '../log/logger.ts';
import type { RequestStore } from '../store/requests.ts';
import type { Approvers } from './approvers.ts';

/** Places a request's approval card (the approval channel, or each approver's DM) and keeps every copy true. */
export class Cards {
  private readonly store: RequestStore;
  private readonly surface: Chat;
  private readonly present: Presenter;
  private readonly approvers: Approvers;
  private readonly approvalChannel: string | undefined;
  private readonly log: Logger;

  constructor(
    store: RequestStore,
    surface: Chat,
    present: Presenter,
    approvers: Approvers,
    approvalChannel: string | undefined,
    log: Logger,
  ) {
    this.store = store;
    this.surface = surface;
    this.present = present;
    this.approvers = approvers;
    this.approvalChannel = approvalChannel;
    this.log = log;
  }

  /**
   * Brings every copy of the card up to date and posts it where it is missing. Idempotent: a
   * retry re-renders the row as it is now. False when some Slack call failed (retry later).
   */
  async sync(r: RequestRecord): Promise<boolean> {
    const message = this.present.approvalCard(r);
    const existing = await this.store.cards(r.id);
    const updated = await Promise.all(existing.map((card) => this.surface.update(card, message)));
    let ok = updated.every(Boolean);
    for (const channel of await this.missingPlaces(r, new Set(existing.map((c) => c.channel)))) {
      try {
        // The reference is stored right after the post, so every later step updates this same message.
        await this.store.addCard(r.id, await this.surface.post(channel, message));
      } catch (err) {
        this.log.warn({ err, requestId: r.id, channel }, 'could not post an approval card');
        ok = false;
      }
    }
    return ok;
  }

  /**
   * The approval channel (or the project's own, by policy) always shows the card; approvers' DMs
   * only while a decision is needed: every approver's without a channel, and after an escalation
   * the DMs of those it went to (they may not be in the channel).
   */
  private async missingPlaces(r: RequestRecord, carded: Set<string>): Promise<string[]> {
    const route = this.approvers.route(r);
    const channel = route ? route.channel : this.approvalChannel;
    const places = channel ? [channel] : [];
    if (r.status === 'pending') {
      const people = channel ? await this.approvers.escalated(r) : await this.approvers.all(r);
      const deciders = people.filter((id) => id !== r.requesterId && id !== r.targetUserId);
      places.push(...(await Promise.all(deciders.map((id) => this.surface.dmChannel(id)))));
    }
    return places.filter((c) => !carded.has(c));
  }
}
