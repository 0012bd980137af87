import type { OrgRole, RequestKind, RequestStatus } from './request.ts';

export interface RequestRecord {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  requesterId: string;
  requesterEmail: string | null;
  targetUserId: string | null;
  /** A role change's target, from their Slack profile when asked: how Neon's member is found. */
  targetEmail: string | null;
  role: OrgRole | null;
  projectId: string | null;
  durationMs: number | null;
  reason: string;
  dedupeKey: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  executedWith: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
  /** When a time-limited grant ends (set when Neon applied it, moved by extensions); null for lasting ones. */
  grantExpiresAt: Date | null;
  /** When the request, still pending, was shown to the policy's escalation approvers (once). */
  escalatedAt: Date | null;
  /** Whom it was escalated to: Slack user and user group IDs, as the policy named them then. */
  escalatedTo: string[] | null;
  /** The requester's last "Nudge approvers". */
  nudgedAt: Date | null;
  /** When Neon applied a time-limited grant: its whole life (`maxTotal`) counts from here. */
  grantStartedAt: Date | null;
  /** An extension's grant: the request whose end it moves. */
  grantId: string | null;
  /** How many approvals it needs (the policy's, when asked) and who gave them so far, in order. */
  approvalsNeeded: number;
  approvedBy: string[];
  /** A role change's target: whether Neon reported MFA on when asked; null when Neon did not say. */
  targetMfa: boolean | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewRequest {
  id: string;
  kind: RequestKind;
  requesterId: string;
  requesterEmail?: string;
  targetUserId?: string;
  targetEmail?: string;
  role?: OrgRole;
  projectId?: string;
  durationMs?: number;
  grantId?: string;
  reason: string;
  dedupeKey: string;
  /** Default 1. */
  approvalsNeeded?: number;
  targetMfa?: boolean | null;
}

/** Columns a transition may set alongside the status. */
export type RequestPatch = Partial<
  Pick<
    RequestRecord,
    | 'decidedBy'
    | 'decidedAt'
    | 'decisionNote'
    | 'executedWith'
    | 'result'
    | 'error'
    | 'grantExpiresAt'
    | 'escalatedAt'
    | 'escalatedTo'
    | 'nudgedAt'
    | 'grantStartedAt'
  >
>;

export interface CardRef {
  channel: string;
  ts: string;
}
