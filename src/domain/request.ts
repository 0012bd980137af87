// Request kinds, statuses and the life-cycle state machine, kept as data so the
// store can build its conditional `UPDATE … WHERE status = ANY($from)` from the same table.

// `extend` lengthens a live key or temporary role (the request it points at, its grant); `remove` takes a member out of the org.
export const REQUEST_KINDS = ['invite', 'key', 'role', 'extend', 'remove'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Kinds Neon carries out only for an admin's personal key (removing a member): they run with the
 * approving admin's own key, never the shared NEON_API_KEY, and no policy rule approves them.
 */
export const OWN_KEY_KINDS: readonly RequestKind[] = ['remove'];

/**
 * Neon's `MemberRole`, as its OpenAPI document lists it (a unit test keeps them equal). Not every
 * organization offers every role: Neon refuses one it does not, and the bot shows its message.
 */
export const ORG_ROLES = ['admin', 'member', 'editor', 'viewer', 'collaborator'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** The actor of what the bot does on its own (execution, expiry, a policy's approval, undoing a grant). */
export const SYSTEM_ACTOR = 'system';

export const REQUEST_STATUSES = [
  'pending',
  'approved',
  'denied',
  'cancelled',
  'expired',
  'executing',
  'done',
  'failed',
  'revoked',
  'reverted',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_EVENTS = [
  'approve',
  'endorse',
  'deny',
  'cancel',
  'expire',
  'start',
  'succeed',
  'fail',
  'retry',
  'revoke',
  'revert',
  // Still pending after the policy's escalation delay: shown to more approvers (the status stays).
  'escalate',
] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

/** Every allowed move: the statuses each event may leave from, and the one it leads to. */
const TRANSITIONS: Readonly<Record<RequestEvent, { from: readonly RequestStatus[]; to: RequestStatus }>> = {
  approve: { from: ['pending'], to: 'approved' },
  // An approval short of the request's quorum: recorded in the chain, the request still waits.
  endorse: { from: ['pending'], to: 'pending' },
  deny: { from: ['pending'], to: 'denied' },
  cancel: { from: ['pending'], to: 'cancelled' },
  expire: { from: ['pending'], to: 'expired' },
  start: { from: ['approved'], to: 'executing' },
  succeed: { from: ['executing'], to: 'done' },
  fail: { from: ['executing'], to: 'failed' },
  // A retry goes back through `approved` so it is re-queued and re-started like a first run.
  retry: { from: ['failed'], to: 'approved' },
  revoke: { from: ['done'], to: 'revoked' },
  revert: { from: ['done'], to: 'reverted' },
  escalate: { from: ['pending'], to: 'pending' },
};

export function canTransition(from: RequestStatus, event: RequestEvent): boolean {
  return TRANSITIONS[event].from.includes(from);
}

/** The statuses `event` may leave from: the `ANY($1)` of the store's conditional update. */
export function fromStatuses(event: RequestEvent): readonly RequestStatus[] {
  return TRANSITIONS[event].from;
}

/** The status `event` leads to. */
export function targetOf(event: RequestEvent): RequestStatus {
  return TRANSITIONS[event].to;
}

export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}

export function needsOwnKey(kind: RequestKind): boolean {
  return OWN_KEY_KINDS.includes(kind);
}
