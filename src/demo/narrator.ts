import type { NeonEmulator, RecordedRequest } from '../../sandbox/neon/index.ts';
import type { FakeSlack, RecordedCall } from '../../sandbox/slack/index.ts';
import { visibleText } from '../../sandbox/slack/index.ts';

const QUIET_METHODS = new Set(['auth.test', 'users.info', 'conversations.open', 'usergroups.users.list', 'ack']);

export interface Cast {
  /** Slack user or channel ID → how the transcript names it. */
  names: Record<string, string>;
  /** Neon bearer token → whose key it is. */
  keys: Record<string, string>;
}

/**
 * Turns what the stand-ins recorded into a readable story: after each step it prints what
 * reached Slack and Neon since the step before. It reads the same records the tests assert on.
 */
export class Narrator {
  private slackSeen = 0;
  private neonSeen = 0;

  private readonly slack: FakeSlack;
  private readonly neon: NeonEmulator;
  private readonly cast: Cast;
  private readonly out: (line: string) => void;

  constructor(slack: FakeSlack, neon: NeonEmulator, cast: Cast, out: (line: string) => void) {
    this.slack = slack;
    this.neon = neon;
    this.cast = cast;
    this.out = out;
  }

  step(actor: string, action: string): void {
    this.out('');
    this.out(`▸ ${actor} ${action}`);
  }

  note(text: string): void {
    this.out(`  ${text}`);
  }

  /** Prints everything new since the last call, Neon first (it happens before the card says so). */
  flush(): void {
    const requests = this.neon.requests.slice(this.neonSeen);
    this.neonSeen += requests.length;
    for (const r of requests) this.out(`  → Neon  ${this.neonLine(r)}`);
    const calls = this.slack.calls().slice(this.slackSeen);
    this.slackSeen += calls.length;
    for (const c of calls) {
      const line = this.slackLine(c);
      if (line) this.out(`  ${line}`);
    }
  }

  private neonLine(r: RecordedRequest): string {
    const who = r.authorization ? (this.cast.keys[r.authorization] ?? 'an unknown key') : 'no key';
    const body = r.body === undefined ? '' : ` ${JSON.stringify(r.body)}`;
    return `${r.method} ${r.path}${body}  [${who}] → ${r.status ?? 'no answer'}`;
  }

  private slackLine(c: RecordedCall): string | undefined {
    if (QUIET_METHODS.has(c.method)) return undefined;
    const text = this.readable(c.args);
    const channel = typeof c.args.channel === 'string' ? this.place(c.args.channel) : '';
    switch (c.method) {
      case 'chat.postMessage':
        return `✉ ${channel}: ${text}`;
      case 'chat.update':
        return `✎ same message updated in ${channel}: …${this.readable({ blocks: (c.args.blocks as unknown[] | undefined)?.slice(-1) })}`;
      case 'response_url':
        return `← reply only the asker sees: ${text}`;
      case 'views.open':
        return `▢ a modal opens: ${text}`;
      default:
        return `· ${c.method}${text ? `: ${text}` : ''}`;
    }
  }

  private place(channel: string): string {
    const name = this.cast.names[channel];
    if (name) return name;
    const owner = Object.entries(this.cast.names).find(([id]) => this.slack.dmChannelOf(id) === channel);
    return owner ? `DM to ${owner[1]}` : channel;
  }

  /** What a person would read: Slack markup turned back into plain words, on one line. */
  private readable(args: Record<string, unknown>): string {
    const content = (args.view as { blocks?: [] } | undefined) ?? args;
    const lines = visibleText({ blocks: (content as { blocks?: [] }).blocks ?? [] }).split('\n');
    const text = (lines.filter(Boolean).length ? lines : [String(args.text ?? '')]).filter(Boolean).join(' │ ');
    return (
      text
        .replace(/<@([UW][A-Z0-9]+)>/g, (_m, id: string) => `@${this.cast.names[id] ?? id}`)
        .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .replace(/:[a-z_]+: ?/g, '')
        // A Neon key shown in a modal is masked to its last four characters: the transcript is no place for it.
        .replace(/napi_[a-z0-9]{8,}/gi, (k) => `napi_…${k.slice(-4)}`)
        .slice(0, 400)
    );
  }
}
