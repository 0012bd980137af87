import type { DriftFailure, DriftSurvey } from '../domain/drift.ts';
import type { CardRef, RequestRecord } from '../domain/request-record.ts';
import type { HomeData } from '../domain/views.ts';

// What the core needs from the outside, as interfaces it owns: src/slack/ implements the chat,
// the presenter and the look-ups, jobs/queue.ts (pg-boss) the jobs, and main.ts hands the
// implementations in. Nothing here knows what a Slack block or a pg-boss queue is.

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
  /** The DM to a grant's holder `leadMs` before it ends, with Extend… and End now. */
  grantWarning(r: RequestRecord, leadMs: number): Message;
  /** The DM to every other approver when someone approves their own request. */
  breakGlassNotice(r: RequestRecord): Message;
  /** Half-way to expiry, to each approver; `card` links to the approval card. */
  approverReminder(r: RequestRecord, expiresAt: Date, card: CardRef | undefined): Message;
  /** The requester's nudge, said under each copy of the card; `approvers` are mentioned so they hear it. */
  nudge(r: RequestRecord, approvers: readonly string[]): Message;
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
  /**
   * Says more about a posted card where its readers see it: in its thread in a channel, as a new
   * message in a direct conversation (a thread there goes unnoticed). Never throws.
   */
  followUp(card: CardRef, msg: Message): Promise<void>;
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

// ---- jobs -----------------------------------------------------------------------------------

/** Every kind of durable work, each a pg-boss queue keyed by request id. */
export const JOB_NAMES = [
  'execute-request',
  'expire-request',
  'remind-approvers',
  // Still pending after the policy's escalation delay: shown to its escalation approvers (once).
  'escalate-request',
  // The requester pressed Nudge approvers: said under every copy of the card.
  'nudge-approvers',
  'end-grant',
  // The holder's DM some time before their grant ends (GRANT_WARNINGS), with Extend… and End now.
  'warn-grant',
  // A new project key's secret reaches its hold time: deleted, revealed or not.
  'purge-key-secret',
  // What Slack shows about a transition: each its own job, so one failing never repeats the others.
  'sync-cards',
  'post-audit',
  'tell-requester',
  // Re-publishes the Home tab of each person a change concerns (who has opened it).
  'sync-home',
  // Compares the org in Neon with the bot's records and posts the findings (on a cron, and on demand).
  'reconcile',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobData {
  requestId: string;
  /** Which transition an announcement is about (also part of its singleton key). */
  event?: string;
  /** A message rendered when the transition happened, posted as it was then. */
  message?: Message;
  /** Whom a DM goes to, when not the requester (the person a role change is for). */
  to?: string;
  /** Who asked for work about no request (an approver's `/neon admin reconcile`; `requestId` is ''), or who ends a grant early. */
  by?: string;
  /**
   * The grant end (ISO) an end-grant or warn-grant job was scheduled for (also part of its
   * singleton key): an extension schedules new ones, and the old ones find the end moved and do nothing.
   */
  endsAt?: string;
  /** How long before that end a warning is sent. */
  leadMs?: number;
}

export interface JobRun {
  data: JobData;
  /** True when an earlier attempt of this same job died or failed part-way (crash, expiry). */
  isRetry: boolean;
  /** No retry follows this attempt: a failure now must be recorded, not thrown. */
  isLastAttempt: boolean;
}

/** One attempt of a job: the id and retry count together name it. */
export interface RunningJob {
  id: string;
  retryCount: number;
  data: JobData;
}

export type JobHandlers = Record<JobName, (run: JobRun) => Promise<void>>;

/** A transaction to store a job in, so it exists exactly when the change that asked for it commits. */
export interface Tx {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** One job to store: `sendAll` stores several, in one query. */
export interface JobSpec {
  name: JobName;
  data: JobData;
  /** Not before this time (scheduled work). */
  startAfter?: Date;
}

export interface SendOptions {
  /** Store the job in this transaction; the caller wakes the workers after the commit. */
  tx?: Tx;
  /** Not before this time (scheduled work). */
  startAfter?: Date;
}

export interface Jobs {
  /** Stores one job; without `tx`, wakes a worker of its queue at once. */
  send(name: JobName, data: JobData, opts?: SendOptions): Promise<void>;
  /**
   * Stores several jobs, in one query (one statement per queue); see send for `tx`. Answers the
   * queues where a job was folded into one of the same request already waiting (the queues keep one).
   */
  sendAll(jobs: readonly JobSpec[], opts?: Pick<SendOptions, 'tx'>): Promise<JobName[]>;
  /** Durably hands an approved request to the executor. */
  execute(requestId: string): Promise<void>;
  /** Runs `name` for the request at `at` (or at once if `at` has passed). */
  scheduleAt(name: JobName, requestId: string, at: Date, tx?: Tx): Promise<void>;
  /**
   * After a commit that stored these jobs: one idle worker per urgent job runs now instead of at
   * its next poll (busy ones fetch again as soon as they finish).
   */
  wake(jobs: readonly JobSpec[]): void;
  /** Jobs waiting (due, scheduled or to be retried; not running), by queue (for /metrics). */
  depth(): Promise<Record<JobName, number>>;
  /** Attempts of `name` running (somewhere) for longer than `seconds`. */
  running(name: JobName, seconds: number): Promise<RunningJob[]>;
  /** Fails this attempt into a retry due at once (its worker is known to be gone); a no-op once it has ended. */
  retry(name: JobName, attempt: RunningJob): Promise<void>;
  stop(): Promise<void>;
}
