/** What the page reads from the playground server: the fake Slack's and the Neon emulator's state, as JSON. */

export type Json = Record<string, unknown>;
export type Block = Json & { type: string; block_id?: string };

export interface Person {
  id: string;
  name: string;
  realName: string;
  approver: boolean;
}

export interface ShownMessage {
  channel: string;
  ts: string;
  /** When it was posted (ms). */
  at: number;
  text: string;
  blocks: Block[];
  /** Edits after the first post: the page marks the message "(edited)". */
  edits: number;
  /** Set for an ephemeral reply: only that person sees it. */
  onlyFor?: string;
}

export interface Conversation {
  id: string;
  kind: 'channel' | 'dm';
  label: string;
  /** A DM's person. */
  userId?: string;
  messages: ShownMessage[];
}

export interface ShownView {
  id: string;
  hash: string;
  title: string;
  submit?: string;
  close?: string;
  callbackId: string;
  blocks: Block[];
}

export interface NeonCall {
  /** Its place in the emulator's log. */
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number | null;
  /** Whose key made the call, in words. */
  by: string;
}

export interface NeonState {
  orgId: string;
  members: { email: string; role: string }[];
  invitations: { email: string; role: string; invitedAt: string }[];
  keys: { id: number; name: string; projectId?: string; createdBy: string; revoked: boolean }[];
  /** Approvers' own personal keys, for pasting into the connect form. */
  personalKeys: { owner: string; email: string; token: string }[];
  calls: NeonCall[];
}

export interface PlaygroundState {
  /** The bot's slash command (its configuration). */
  command: string;
  botName: string;
  cast: Person[];
  conversations: Conversation[];
  /** Ephemeral replies, by the person who sees them; `channel` says where. */
  ephemerals: Record<string, ShownMessage[]>;
  /** Open modals by person, root first. */
  modals: Record<string, ShownView[]>;
  homes: Record<string, ShownView | undefined>;
  neon: NeonState;
  /** Timed jobs still ahead (reminders, escalations, expiry, warnings, grant ends, key purges), soonest first. */
  waiting: TimedJob[];
}

/** One timed job still to come. */
export interface TimedJob {
  name: string;
  requestId: string;
  dueAt: string;
}

/** What Skip ahead did: how many jobs it made due, and the soonest of them. */
export interface Skipped {
  due: number;
  next?: TimedJob;
}

/** The page's requests, as the server expects them. */
export type Where = { message: { channel: string; ts: string } } | { view: { id: string } };

export interface ActionBody {
  userId: string;
  actionId: string;
  blockId: string;
  value?: string;
  where: Where;
}

export interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: { text: Json; value: string } | null;
}
export type StateValues = Record<string, Record<string, StateValue>>;

export interface SubmitBody {
  userId: string;
  viewId: string;
  values: StateValues;
}

export interface SuggestBody {
  userId: string;
  viewId: string;
  actionId: string;
  blockId: string;
  value: string;
}

export interface Option {
  text: { type: string; text: string };
  value: string;
  description?: { type: string; text: string };
}
