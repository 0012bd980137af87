/** Channel messages (with edit history) and ephemeral messages. */
import type { FakeEphemeral, FakeMessage, MessageContent, MessageSource } from './types.ts';

const CONTENT_KEYS = ['text', 'blocks', 'attachments', 'metadata'] as const;

export class MessageStore {
  private readonly channels = new Map<string, Map<string, FakeMessage>>();
  private readonly ephemeral: FakeEphemeral[] = [];
  private sequence = 0;

  private readonly author: { user: string; bot_id: string };
  private readonly now: () => number;

  constructor(author: { user: string; bot_id: string }, now: () => number) {
    this.author = author;
    this.now = now;
  }

  /** Monotonic, fixed-width `ts` strings, so string order is time order as in Slack. */
  nextTs(): string {
    this.sequence += 1;
    const micros = this.sequence * 100;
    const seconds = 1_700_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  post(channel: string, content: MessageContent, via: MessageSource, threadTs?: string): FakeMessage {
    const message: FakeMessage = {
      ...content,
      channel,
      ts: this.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...this.author,
      deleted: false,
      via,
      history: [{ ...content, at: this.now() }],
    };
    let byTs = this.channels.get(channel);
    if (!byTs) {
      byTs = new Map();
      this.channels.set(channel, byTs);
    }
    byTs.set(message.ts, message);
    return message;
  }

  find(channel: string, ts: string): FakeMessage | undefined {
    const message = this.channels.get(channel)?.get(ts);
    return message && !message.deleted ? message : undefined;
  }

  /**
   * `merge` follows chat.update: omitted fields keep their value. Without it the content is
   * replaced whole, as `replace_original` does.
   */
  update(message: FakeMessage, content: MessageContent, { merge }: { merge: boolean }): void {
    const next: MessageContent = {};
    for (const key of CONTENT_KEYS) {
      const value = content[key] ?? (merge ? message[key] : undefined);
      if (value !== undefined) Object.assign(next, { [key]: value });
      delete message[key];
    }
    Object.assign(message, next);
    message.history.push({ ...next, at: this.now() });
  }

  remove(message: FakeMessage | FakeEphemeral): void {
    message.deleted = true;
  }

  list(channel: string): FakeMessage[] {
    const all = [...(this.channels.get(channel)?.values() ?? [])];
    return all.filter((m) => !m.deleted).sort((a, b) => a.ts.localeCompare(b.ts));
  }

  postEphemeral(
    user: string,
    channel: string | undefined,
    content: MessageContent,
    via: FakeEphemeral['via'],
  ): FakeEphemeral {
    const message: FakeEphemeral = {
      ...content,
      channel,
      user,
      ts: this.nextTs(),
      at: this.now(),
      via,
      deleted: false,
    };
    this.ephemeral.push(message);
    return message;
  }

  findEphemeral(user: string, ts: string): FakeEphemeral | undefined {
    return this.ephemeral.find((m) => m.user === user && m.ts === ts && !m.deleted);
  }

  replaceEphemeral(message: FakeEphemeral, content: MessageContent): void {
    for (const key of CONTENT_KEYS) delete message[key];
    Object.assign(message, content);
  }

  ephemeralsOf(user: string): FakeEphemeral[] {
    return this.ephemeral.filter((m) => m.user === user && !m.deleted);
  }
}

/** A stored message as Slack shows it in API answers and interaction payloads. */
export function asSlackMessage(message: FakeMessage): Record<string, unknown> {
  const { channel: _channel, deleted: _deleted, via: _via, history: _history, ...shown } = message;
  return { type: 'message', ...shown };
}
