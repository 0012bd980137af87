/** Shapes the fake Slack exposes to tests. Slack-shaped data keeps Slack's field names. */

export type Json = Record<string, unknown>;

export interface Block {
  type: string;
  block_id?: string;
  [key: string]: unknown;
}

/** A workspace member as seeded by a test; rendered as a Slack user object by `users.info`. */
export interface FakeUser {
  id: string;
  name?: string;
  realName?: string;
  email?: string;
  deleted?: boolean;
  isBot?: boolean;
  isAdmin?: boolean;
  /** A guest (multi-channel). */
  isRestricted?: boolean;
  /** A single-channel guest. */
  isUltraRestricted?: boolean;
}

export interface FakeSlackOptions {
  botToken: string;
  users?: FakeUser[];
  /** usergroup id (`S…`) → member user ids. */
  usergroups?: Record<string, string[]>;
  /** Channels the bot may post in; DMs opened with `conversations.open` are added on the way. */
  channels?: string[];
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Clock in ms, for trigger and response_url expiry; `advanceClock` moves it further. */
  now?: () => number;
  /** Granted to the bot token, sent as `x-oauth-scopes` on every answer to it; default manifest.yml's bot scopes. */
  scopes?: string[];
  /** The app-level token; when given, any other `xapp-` token is refused (`invalid_auth`). Default: any `xapp-` token. */
  appToken?: string;
}

export interface RecordedCall {
  /** A Web API method, or `response_url` / `ack` for what reached Slack by those routes. */
  method: string;
  /** Parsed arguments; `blocks`, `view`, `metadata`, `attachments` JSON-decoded. */
  args: Json;
  token: string | undefined;
  at: number;
  /** What the fake answered; set once the answer is known (after any injected delay). */
  response?: Json;
}

export interface Violation {
  method: string;
  problem: string;
}

export interface MessageContent {
  text?: string;
  blocks?: Block[];
  attachments?: unknown[];
  metadata?: unknown;
}

export interface MessageVersion extends MessageContent {
  at: number;
}

export type MessageSource = 'chat.postMessage' | 'response_url' | 'ack';

export interface FakeMessage extends MessageContent {
  channel: string;
  ts: string;
  thread_ts?: string;
  user: string;
  bot_id: string;
  deleted: boolean;
  via: MessageSource;
  /** Every version, oldest first; the last one is the current content. */
  history: MessageVersion[];
}

export interface FakeEphemeral extends MessageContent {
  channel: string | undefined;
  user: string;
  ts: string;
  /** When it was shown, by the fake's clock. */
  at: number;
  via: MessageSource | 'chat.postEphemeral';
  deleted: boolean;
}

export interface FakeView {
  id: string;
  team_id: string;
  app_id: string;
  bot_id: string;
  type: string;
  title?: Json;
  submit?: Json;
  close?: Json;
  blocks: Block[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Json };
  hash: string;
  notify_on_close: boolean;
  clear_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
}

/** One injected failure, consumed by the next call(s) to a method. */
export type Fault =
  | { status: number; retryAfter?: number; delayMs?: number }
  | { error: string; delayMs?: number }
  | { delayMs: number };

/** Where a response_url's messages go. */
export interface ResponseOrigin {
  userId: string;
  channelId?: string;
  /** The message the interaction came from; target of `replace_original` / `delete_original`. */
  messageTs?: string;
}

/**
 * What the bot answered Slack synchronously (the HTTP ack), as the driver or the Socket Mode hub
 * reports it.
 */
export interface AckReport {
  /** The payload type that was answered; `slash_command` for commands. */
  kind: string;
  userId: string;
  channelId?: string;
  viewId?: string;
  status: number;
  /** Parsed JSON when the ack was JSON, else its text. */
  body: unknown;
  /** The ack's bytes, for `containsText`. */
  raw: string;
}
