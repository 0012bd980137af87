/**
 * Sends requests into the bot the way Slack does: realistic payloads carrying grants issued by
 * the fake Slack (trigger_id, response_url), signed with the signing secret, POSTed to
 * `/slack/events`. Every genuine answer is reported back to the fake, because Slack acts on acks.
 */
import type { Block, FakeSlack, FakeView, Json } from './slack/index.ts';
import { asSlackMessage } from './slack/index.ts';
import {
  type Actor,
  blockActionsPayload,
  blockSuggestionPayload,
  channelName,
  eventCallbackPayload,
  findElement,
  type StateValues,
  type SuggestionFields,
  slashCommandFields,
  viewSubmissionPayload,
} from './slack-payloads.ts';
import { slackSignature } from './slack-signature.ts';

export type { StateValues } from './slack-payloads.ts';

export interface SlackDriverOptions {
  /** e.g. `http://127.0.0.1:PORT`. */
  botUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  teamId?: string;
  /** Where commands are typed unless a call says otherwise; seed it in the fake if the bot posts there. */
  channelId?: string;
  /** The command typed unless a call says otherwise: the bot's SLASH_COMMAND (default `/neon`). */
  command?: string;
}

/** Ways to make a request that Slack would never send, for security tests. */
export interface SendOptions {
  /** `forged`: signed with another secret. */
  signature?: 'forged';
  /** Leave out X-Slack-Signature and/or X-Slack-Request-Timestamp. */
  omitHeaders?: Array<'signature' | 'timestamp'>;
  /** Shift the timestamp, e.g. -360 for a 6-minute-old request. */
  timestampOffsetSec?: number;
  /** Mark the request as Slack's n-th retry (Events API). */
  retryNum?: number;
  retryReason?: string;
}

export interface SlackReply {
  status: number;
  /** Parsed JSON when the bot answered JSON, else the text ('' for an empty ack). */
  body: unknown;
}

export interface InteractionReply extends SlackReply {
  triggerId: string;
  /** Absent where Slack sends none (interactions inside modals). */
  responseUrl?: string;
}

export interface CommandOptions extends SendOptions {
  command?: string;
  channelId?: string;
  /** Use a grant the test issued itself (e.g. one it let expire). */
  triggerId?: string;
  responseUrl?: string;
}

export interface BlockActionInput {
  actionId: string;
  /** Defaults to the block holding the element with this action_id. */
  blockId?: string;
  /** Defaults to the rendered button's value. */
  value?: string;
  selectedOption?: { text: Json; value: string };
  /** The message clicked; its current version is taken from the fake. */
  message?: { channel: string; ts: string };
  /** The modal clicked in; its current version (and hash) is taken from the fake. */
  view?: Pick<FakeView, 'id'>;
  /** The modal's input state at the click. */
  values?: StateValues;
  container?: Json;
}

/** What Slack shows where a click happened. */
interface ClickSource {
  blocks: Block[];
  container: Json;
  message?: Json;
  view?: FakeView;
}

interface Target {
  kind: string;
  userId: string;
  channelId?: string;
  viewId?: string;
}

const FORM = 'application/x-www-form-urlencoded';
const DEFAULT_CHANNEL = 'C0GENERAL';

export class SlackDriver {
  private readonly fake: FakeSlack;

  private readonly options: SlackDriverOptions;

  constructor(options: SlackDriverOptions) {
    this.options = options;
    this.fake = options.fake;
  }

  /** A slash command (default: the bot's own), as form fields. */
  async command(userId: string, text: string, opts: CommandOptions = {}): Promise<InteractionReply> {
    const channelId = opts.channelId ?? this.options.channelId ?? DEFAULT_CHANNEL;
    const triggerId = opts.triggerId ?? this.fake.newTriggerId(userId);
    const responseUrl = opts.responseUrl ?? this.fake.newResponseUrl({ userId, channelId });
    const body = this.commandBody(userId, text, { ...opts, channelId, triggerId, responseUrl });
    const reply = await this.send({ kind: 'slash_command', userId, channelId }, body, FORM, opts);
    return { ...reply, triggerId, responseUrl };
  }

  /**
   * A genuine slash command, signed now and sent later by someone else (the bench's load
   * generator, which times only the exchange). Its ack is not reported to the fake.
   */
  preparedCommand(userId: string, text: string): { path: string; headers: Record<string, string>; body: string } {
    const channelId = this.options.channelId ?? DEFAULT_CHANNEL;
    const body = this.commandBody(userId, text, {
      channelId,
      triggerId: this.fake.newTriggerId(userId),
      responseUrl: this.fake.newResponseUrl({ userId, channelId }),
    });
    return { path: '/slack/events', headers: this.headers(body, FORM, {}), body };
  }

  private commandBody(
    userId: string,
    text: string,
    opts: CommandOptions & Required<Pick<CommandOptions, 'channelId' | 'triggerId' | 'responseUrl'>>,
  ): string {
    const fields = slashCommandFields(this.actor(userId), {
      command: opts.command ?? this.options.command ?? '/neon',
      text,
      channelId: opts.channelId,
      responseUrl: opts.responseUrl,
      triggerId: opts.triggerId,
    });
    return new URLSearchParams(fields).toString();
  }

  /** A `block_actions` click on a message (with its current blocks) or in a modal. */
  async blockAction(userId: string, input: BlockActionInput, opts: SendOptions = {}): Promise<InteractionReply> {
    const triggerId = this.fake.newTriggerId(userId);
    const source = this.clickSource(userId, input);
    const rendered = findElement(source.blocks, input.actionId);
    const blockId = input.blockId ?? rendered?.blockId;
    if (blockId === undefined) {
      throw new Error(`no element with action_id ${input.actionId} was rendered there; pass blockId to send it anyway`);
    }
    const responseUrl = input.message
      ? this.fake.newResponseUrl({ userId, channelId: input.message.channel, messageTs: input.message.ts })
      : undefined;
    const payload = blockActionsPayload(this.actor(userId), {
      action: {
        actionId: input.actionId,
        blockId,
        element: rendered?.element,
        value: input.value,
        selectedOption: input.selectedOption,
      },
      triggerId,
      container: input.container ?? source.container,
      ...(input.message ? { channel: { id: input.message.channel, name: channelName(input.message.channel) } } : {}),
      ...(source.message ? { message: source.message } : {}),
      ...(source.view ? { view: source.view } : {}),
      ...(responseUrl ? { responseUrl } : {}),
      ...(input.values ? { values: input.values } : {}),
    });
    const target = { kind: 'block_actions', userId, channelId: input.message?.channel, viewId: source.view?.id };
    const reply = await this.sendPayload(target, payload, opts);
    return { ...reply, triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /** A `view_submission` of a modal the fake holds, with the user's input. */
  async viewSubmission(
    userId: string,
    view: Pick<FakeView, 'id'>,
    values: StateValues,
    opts: SendOptions = {},
  ): Promise<InteractionReply> {
    const current = this.currentView(view);
    const triggerId = this.fake.newTriggerId(userId);
    const payload = viewSubmissionPayload(this.actor(userId), current, values, triggerId);
    const reply = await this.sendPayload({ kind: 'view_submission', userId, viewId: current.id }, payload, opts);
    return { ...reply, triggerId };
  }

  /** A `block_suggestion` (external_select options load); the reply body is the options list. */
  async blockSuggestion(userId: string, fields: SuggestionFields, opts: SendOptions = {}): Promise<SlackReply> {
    const payload = blockSuggestionPayload(this.actor(userId), { ...fields, view: this.currentView(fields.view) });
    return this.sendPayload({ kind: 'block_suggestion', userId, viewId: fields.view.id }, payload, opts);
  }

  /** An Events API `event_callback` wrapping `event` (e.g. `{ type: 'app_home_opened', user, tab: 'home' }`). */
  async event(event: Json, opts: SendOptions = {}): Promise<SlackReply> {
    const userId = typeof event.user === 'string' ? event.user : this.fake.identity.botUserId;
    const payload = eventCallbackPayload(this.actor(userId), this.fake.identity.botUserId, event);
    return this.send({ kind: 'event_callback', userId }, JSON.stringify(payload), 'application/json', opts);
  }

  private actor(userId: string): Actor {
    const teamId = this.options.teamId ?? this.fake.identity.teamId;
    const username = this.fake.user(userId)?.name ?? userId.toLowerCase();
    return {
      user: { id: userId, username, name: username, team_id: teamId },
      team: { id: teamId, domain: this.fake.identity.teamDomain },
      apiAppId: this.fake.identity.appId,
    };
  }

  private currentView(view: Pick<FakeView, 'id'>): FakeView {
    const current = this.fake.view(view.id);
    if (!current) throw new Error(`the fake Slack holds no view ${view.id}`);
    return current;
  }

  /** Where the click happened, as Slack would describe it from what it currently shows. */
  private clickSource(userId: string, input: BlockActionInput): ClickSource {
    if (input.view) {
      const view = this.currentView(input.view);
      return { blocks: view.blocks, view, container: { type: 'view', view_id: view.id } };
    }
    if (!input.message) return { blocks: [], container: {} };
    const { channel, ts } = input.message;
    const container = (isEphemeral: boolean): Json => ({
      type: 'message',
      message_ts: ts,
      channel_id: channel,
      is_ephemeral: isEphemeral,
    });
    const message = this.fake.message(channel, ts);
    if (message) return { blocks: message.blocks ?? [], message: asSlackMessage(message), container: container(false) };
    // Slack leaves the message out of payloads from ephemeral messages.
    const ephemeral = this.fake.ephemerals(userId).find((m) => m.ts === ts);
    if (ephemeral) return { blocks: ephemeral.blocks ?? [], container: container(true) };
    throw new Error(`the fake Slack holds no message ${channel}/${ts} visible to ${userId}`);
  }

  private sendPayload(target: Target, payload: Json, opts: SendOptions): Promise<SlackReply> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(target, body, FORM, opts);
  }

  private headers(rawBody: string, contentType: string, opts: SendOptions): Record<string, string> {
    const timestamp = Math.floor(Date.now() / 1000) + (opts.timestampOffsetSec ?? 0);
    const secret = opts.signature === 'forged' ? `${this.options.signingSecret}-forged` : this.options.signingSecret;
    const omit = new Set(opts.omitHeaders ?? []);
    // A string body keeps content-type exact: Bolt compares it with `===` (URLSearchParams would add a charset).
    const headers: Record<string, string> = { 'content-type': contentType };
    if (!omit.has('timestamp')) headers['x-slack-request-timestamp'] = String(timestamp);
    if (!omit.has('signature')) headers['x-slack-signature'] = slackSignature(secret, timestamp, rawBody);
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
    }
    return headers;
  }

  private async send(target: Target, rawBody: string, contentType: string, opts: SendOptions): Promise<SlackReply> {
    const headers = this.headers(rawBody, contentType, opts);
    const response = await fetch(`${this.options.botUrl}/slack/events`, { method: 'POST', headers, body: rawBody });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    const body: unknown = isJson && text !== '' ? JSON.parse(text) : text;
    const genuine = !opts.signature && (opts.omitHeaders ?? []).length === 0 && !opts.timestampOffsetSec;
    if (genuine) this.fake.receiveAck({ ...target, status: response.status, body, raw: text });
    return { status: response.status, body };
  }
}
