import type { DriftFailure, DriftSurvey } from '../domain/drift.ts';
import type { CardRef, RequestRecord } from '../domain/request-record.ts';
import type { HomeData } from '../domain/views.ts';

// What the core needs from the outside, as interfaces it owns: src/slack/ implements them, and
// main.ts hands the implementations in. Nothing here knows what a Slack block is.

/** A rendered message: its text (notifications, screen readers) and a body only the presenter reads. */
export interface Message {
  text: string;
  blocks?: readonly object[];
}

/** A person's whole Home page, rendered by the presenter. */
export type HomePage = object;

/** Turns facts (a request, a transition, an outcome) into messages; pure. */
export interface Presenter {
  /** The approval card, from the row as it is now. */
  approvalCard(r: RequestRecord): Message;
  /** The audit channel's line for a transition (or a note such as 'restore-refused'). */
  auditLine(r: RequestRecord, event: string, actorId: string): Message;
  /** The requester's DM after a transition they hear about. */
  requesterNotice(r: RequestRecord): Message;
  /** The DM to the person a role change is for, when someone else asked. */
  targetNotice(r: RequestRecord): Message;
  /** The DM to every other approver when someone approves their own request. */
  breakGlassNotice(r: RequestRecord): Message;
  /** Half-way to expiry, to each approver; `card` links to the approval card. */
  approverReminder(r: RequestRecord, expiresAt: Date, card: CardRef | undefined): Message;
  /** The audit line when an approver asks, from a reconciliation finding, to restore a role now. */
  restoreAsked(r: RequestRecord, approverId: string): Message;
  /** The audit line when an admin's own Neon key is connected, disconnected or refused by Neon. */
  adminKeyEvent(event: 'connected' | 'disconnected' | 'refused', userId: string): Message;
  /** The DM to an admin whose own key Neon refused while running `requestId`. */
  keyRefused(requestId: string): Message;
  /** A reconciliation's summary and its thread replies. */
  driftReport(s: DriftSurvey): { summary: Message; replies: Message[] };
  driftFailure(f: DriftFailure): Message;
  home(data: HomeData): HomePage;
}

/**
 * Writes to the chat. Writes that only inform (update, dm, notify) log their failure and carry on:
 * an outage must never lose or stall a request. `post` and `publishHome` throw, so the caller
 * (a job) knows and retries.
 */
export interface Chat {
  /** A new message (in `threadTs`'s thread when given). */
  post(channel: string, msg: Message, threadTs?: string): Promise<CardRef>;
  update(card: CardRef, msg: Message): Promise<boolean>;
  /** A link to a posted message, or undefined when none can be had (the caller shows the rest). */
  permalink(card: CardRef): Promise<string | undefined>;
  publishHome(userId: string, page: HomePage): Promise<void>;
  /** The channel of the direct conversation with `userId`. */
  dmChannel(userId: string): Promise<string>;
  dm(userId: string, msg: Message): Promise<CardRef | undefined>;
  /** Posts to `channel` if there is one; never throws. */
  notify(channel: string | undefined, msg: Message): Promise<void>;
}

/** A chat account, as the core sees it. */
export interface Person {
  id: string;
  name: string;
  email?: string;
  /** Deleted users, bots and guests cannot ask for org access. */
  eligible: boolean;
  /** The account is deactivated. */
  deactivated: boolean;
}

/** Look-ups of people. */
export interface People {
  person(userId: string): Promise<Person | undefined>;
  byEmail(email: string): Promise<Person | undefined>;
  /** Every deactivated account's email (normalised), for reconciliation. */
  deactivatedEmails(): Promise<Set<string>>;
}

/** Look-ups of user groups' members (for approvers and policy rules that name a group). */
export interface Groups {
  members(groupId: string): Promise<Set<string>>;
  /** Which of `groupIds` `userId` belongs to. */
  of(userId: string, groupIds: readonly string[]): Promise<Set<string>>;
}
