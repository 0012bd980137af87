import type { HomeView, KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Chat, HomePage, Message } from '../app/ports.ts';
import type { CardRef } from '../domain/request-record.ts';
import type { Logger } from '../log/logger.ts';

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** The core's Chat port over Slack's Web API; see Chat for which writes throw. */
export class SlackSurface implements Chat {
  private readonly dmChannels = new Map<string, string>();

  private readonly client: WebClient;
  private readonly log: Logger;

  constructor(client: WebClient, log: Logger) {
    this.client = client;
    this.log = log;
  }

  /** Posts a new message (in `threadTs`'s thread when given); throws, because a card that was never posted must be known to the caller. */
  async post(channel: string, msg: Message, threadTs?: string): Promise<CardRef> {
    const res = await this.client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: msg.text,
      // The presenter (slack/presenter.ts) renders every message the core hands over.
      blocks: msg.blocks as KnownBlock[] | undefined,
      unfurl_links: false,
      unfurl_media: false,
    });
    return { channel: res.channel ?? channel, ts: res.ts! };
  }

  async update(card: CardRef, msg: Message): Promise<boolean> {
    try {
      await this.client.chat.update({
        channel: card.channel,
        ts: card.ts,
        text: msg.text,
        blocks: (msg.blocks ?? []) as KnownBlock[],
      });
      return true;
    } catch (err) {
      this.log.warn({ err, channel: card.channel, ts: card.ts }, 'could not update a card');
      return false;
    }
  }

  /** A link to a posted message, or undefined when Slack cannot give one (the caller shows the rest). */
  async permalink(card: CardRef): Promise<string | undefined> {
    try {
      return (await this.client.chat.getPermalink({ channel: card.channel, message_ts: card.ts })).permalink;
    } catch (err) {
      this.log.warn({ err, channel: card.channel, ts: card.ts }, 'could not get a permalink');
      return undefined;
    }
  }

  /** Replaces the person's Home tab; throws, so the job that asked for it is retried. */
  async publishHome(userId: string, page: HomePage): Promise<void> {
    await this.client.views.publish({ user_id: userId, view: page as HomeView });
  }

  async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const res = await this.client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.dmChannels.set(userId, id);
    return id;
  }

  async dm(userId: string, msg: Message): Promise<CardRef | undefined> {
    try {
      return await this.post(await this.dmChannel(userId), msg);
    } catch (err) {
      this.log.warn({ err, user: userId }, 'could not send a direct message');
      return undefined;
    }
  }

  async followUp(card: CardRef, msg: Message): Promise<void> {
    // Slack's direct conversations have ids starting with D.
    const thread = card.channel.startsWith('D') ? undefined : card.ts;
    try {
      await this.post(card.channel, msg, thread);
    } catch (err) {
      this.log.warn({ err, channel: card.channel, ts: card.ts }, 'could not follow up on a card');
    }
  }

  async notify(channel: string | undefined, msg: Message): Promise<void> {
    if (!channel) return;
    try {
      await this.post(channel, msg);
    } catch (err) {
      this.log.warn({ err, channel }, 'could not post a notification');
    }
  }
}
