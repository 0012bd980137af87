import type { NeonEmulator, RecordedRequest } from '../../sandbox/neon/index.ts';
import type { FakeSlack, RecordedCall } from '../../sandbox/slack/index.ts';
import { changedBlocks, drawBox, drawSurface, joinBlocks, type Surface, surfaceBlocks } from './boxed-text.ts';
import { textObject } from './mrkdwn-terminal.ts';
import { wrap } from './text-wrap.ts';

const QUIET_METHODS = new Set(['auth.test', 'users.info', 'conversations.open', 'usergroups.users.list']);

/** A Neon key anywhere in what Slack received is masked to its last four characters before it is drawn. */
const NEON_KEY = /napi_[a-z0-9]{8,}/gi;

export interface Cast {
  /** Slack user or channel id → how the transcript names it (`Mia`, `#approvals`). */
  names: Record<string, string>;
  /** Slack user id → what they are in the story (`an approver`). */
  roles: Record<string, string>;
  /** Neon bearer token → the one key it is (`NEON_API_KEY, the shared fallback`). */
  keys: Record<string, string>;
}

export interface Look {
  /** Columns of every line. */
  width: number;
  /** ANSI styles: only when stdout is a terminal. */
  ansi: boolean;
}

type Json = Record<string, unknown>;

function masked<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(NEON_KEY, (k) => `napi_…${k.slice(-4)}`)) as T;
}

/**
 * Turns what the stand-ins recorded into a readable story: after each step it prints what reached
 * Neon and Slack since the step before, in the order it happened, each message drawn as a person
 * sees it. A message updated in place is printed again only when what it shows changed.
 */
export class Narrator {
  private slackSeen = 0;
  private neonSeen = 0;
  /** Who the replies of the current step go to (ephemerals, modals). */
  private actor = '';
  /** What was last printed of each message (`channel:ts`) or modal (`view:id`), block by block. */
  private readonly printed = new Map<string, string[][]>();

  private readonly slack: FakeSlack;
  private readonly neon: NeonEmulator;
  private readonly cast: Cast;
  private readonly look: Look;
  private readonly out: (line: string) => void;

  constructor(slack: FakeSlack, neon: NeonEmulator, cast: Cast, look: Look, out: (line: string) => void) {
    this.slack = slack;
    this.neon = neon;
    this.cast = cast;
    this.look = look;
    this.out = out;
  }

  step(actorId: string, action: string): void {
    this.actor = this.name(actorId);
    const role = this.cast.roles[actorId];
    this.out('');
    this.say('▸', `${this.actor}${role ? ` (${role})` : ''} ${action}`, 0);
  }

  note(text: string): void {
    this.say('', text);
  }

  /** Prints everything new since the last call, in arrival order (Neon first when at the same millisecond). */
  flush(): void {
    const requests = this.neon.requests.slice(this.neonSeen);
    this.neonSeen += requests.length;
    const calls = this.slack.calls().slice(this.slackSeen);
    this.slackSeen += calls.length;
    const happened = [
      ...requests.map((r) => ({ at: Date.parse(r.at), print: () => this.neonCall(r) })),
      ...calls.map((c) => ({ at: c.at, print: () => this.slackCall(c) })),
    ].sort((a, b) => a.at - b.at);
    for (const h of happened) h.print();
  }

  /** Skips what happened so far (the bot's start-up calls are not part of the story). */
  skip(): void {
    this.neonSeen = this.neon.requests.length;
    this.slackSeen = this.slack.calls().length;
  }

  private name(id: string): string {
    return this.cast.names[id] ?? id;
  }

  /** `head text`, wrapped at words to the width, continued under the text. */
  private say(head: string, text: string, indent = 2): void {
    const hanging = head ? 2 : 1;
    // A word longer than a line (a URL path) keeps a line of its own: nothing is cut.
    const width = this.look.width - indent;
    const lines = wrap(head ? `${head} ${text}` : text, width - hanging, { long: 'overflow', first: width });
    lines.forEach((l, i) => {
      this.out(`${' '.repeat(i === 0 ? indent : indent + hanging)}${l}`);
    });
  }

  private box(lines: string[], title?: string): void {
    for (const l of drawBox(lines, this.look.width - 2, title)) this.out(`  ${l}`);
  }

  private get style() {
    return { ansi: this.look.ansi, names: this.cast.names, width: this.look.width - 2 };
  }

  private neonCall(r: RecordedRequest): void {
    const key = r.authorization ? (this.cast.keys[r.authorization] ?? 'a key the demo does not know') : 'no key';
    this.say(`→ Neon (${key}):`, `${r.method} ${r.path} → ${r.status ?? 'no answer'}`);
    if (r.body !== undefined) this.say('', JSON.stringify(r.body), 4);
  }

  /**
   * A message as Slack shows it: one paragraph on the line that names where it went, anything more
   * (a card, a header, buttons, fields) in a box.
   */
  private message(head: string, surface: Surface, key?: string): void {
    const content = masked(surface);
    const blocks = surfaceBlocks(content, this.style);
    if (key) this.printed.set(key, blocks);
    const paragraph = this.paragraph(content);
    if (paragraph !== undefined) this.say(head, paragraph);
    else {
      this.say(head, '');
      for (const l of drawSurface(content, this.style)) this.out(`  ${l}`);
    }
  }

  /** The text of a message that is one paragraph (no header, fields, buttons), unwrapped; else undefined. */
  private paragraph(surface: Surface): string | undefined {
    const blocks = (surface.blocks ?? []) as Json[];
    if (blocks.length === 0) return textObject({ type: 'mrkdwn', text: surface.text ?? '' }, this.style);
    const [only] = blocks;
    if (blocks.length > 1 || !only) return undefined;
    if (only.type === 'section' && !only.fields && !only.accessory) return textObject(only.text, this.style);
    if (only.type === 'context')
      return ((only.elements ?? []) as unknown[]).map((e) => textObject(e, this.style)).join('  ');
    return undefined;
  }

  /** A message or modal changed in place: only what changed, after `⋮` for what stays as printed. */
  private update(head: string, key: string, surface: Surface): void {
    const content = masked(surface);
    const after = surfaceBlocks(content, this.style);
    const before = this.printed.get(key);
    const changed = before ? changedBlocks(before, after) : after;
    this.printed.set(key, after);
    if (!changed) return;
    this.say(head, '');
    this.box(joinBlocks(changed), textObject(content.title, this.style));
  }

  private place(channel: string): string {
    const name = this.cast.names[channel];
    if (name) return name;
    const owner = Object.keys(this.cast.names).find((id) => this.slack.dmChannelOf(id) === channel);
    return owner ? `DM to ${this.name(owner)}` : channel;
  }

  private slackCall(c: RecordedCall): void {
    if (QUIET_METHODS.has(c.method)) return;
    const args = c.args;
    const channel = typeof args.channel === 'string' ? this.place(args.channel) : '';
    const view = (args.view ?? {}) as Json & Surface;
    const viewId = String((c.response?.view as Json | undefined)?.id ?? args.view_id ?? '');
    switch (c.method) {
      case 'chat.postMessage':
        return this.message(`✉ ${channel}:`, args, `${args.channel}:${String(c.response?.ts ?? '')}`);
      case 'chat.update':
        return this.update(`✎ ${channel}: ${this.title(args)} changes in place:`, `${args.channel}:${args.ts}`, args);
      case 'response_url':
        if (args.delete_original) return this.say('✕', `the message ${this.actor} clicked is removed`);
        return this.message(`← only ${this.actor} sees:`, args);
      case 'views.open':
        return this.message(`▢ a window opens for ${this.actor}:`, view, `view:${viewId}`);
      case 'views.push':
        return this.message(`▢ another window opens on top for ${this.actor}:`, view, `view:${viewId}`);
      case 'views.update':
        return this.update(`▢ ${this.actor}'s window changes:`, `view:${viewId}`, view);
      case 'views.publish':
        return this.say('⌂', `${this.name(String(args.user_id ?? ''))}'s Home tab is refreshed`);
      case 'ack':
        return this.ack(args);
      default:
        return this.say('·', c.method);
    }
  }

  /** Slack acts on the bot's HTTP answers too: a command's reply, a submitted modal's next state or errors. */
  private ack(args: Json): void {
    const body = (args.body ?? {}) as Json;
    if (args.kind === 'slash_command' && body && typeof body === 'object' && (body.text || body.blocks))
      return this.message(`← only ${this.actor} sees:`, body);
    if (args.kind !== 'view_submission') return;
    if (body.response_action === 'update')
      return this.message(`▢ ${this.actor}'s window becomes:`, body.view as Surface);
    if (body.response_action === 'errors')
      this.say('▢', `the window refuses it: ${Object.values(body.errors as Json).join(' ')}`);
  }

  /** How the transcript names a message that changes: its header, else its notification text. */
  private title(args: Json): string {
    const header = ((args.blocks ?? []) as Json[]).find((b) => b.type === 'header');
    const text = header ? textObject(header.text, this.style) : String(args.text ?? 'the message');
    return `“${masked(text)}”`;
  }
}
