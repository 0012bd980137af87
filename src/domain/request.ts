// Request kinds, statuses and the life-cycle state machine (DESIGN §4), kept as data so the
// store can build its conditional `UPDATE … WHERE status = ANY($from)` from the same table.

export const REQUEST_KINDS = ['invite', 'key', 'role'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The organization roles this bot grants; Neon knows more, DESIGN limits us to these two. */
export const ORG_ROLES = ['admin', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

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
  'deny',
  'cancel',
  'expire',
  'start',
  'succeed',
  'fail',
  'retry',
  'revoke',
  'revert',
] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

/** Every allowed move; anything absent is an invalid transition. */
const TRANSITIONS: Readonly<Record<RequestEvent, Partial<Record<RequestStatus, RequestStatus>>>> = {
  approve: { pending: 'approved' },
  deny: { pending: 'denied' },
  cancel: { pending: 'cancelled' },
  expire: { pending: 'expired' },
  start: { approved: 'executing' },
  succeed: { executing: 'done' },
  fail: { executing: 'failed' },
  // A retry goes back through `approved` so it is re-queued and re-started like a first run.
  retry: { failed: 'approved' },
  revoke: { done: 'revoked' },
  revert: { done: 'reverted' },
};

export type TransitionResult = { ok: true; to: RequestStatus } | { ok: false; code: 'invalid_transition' };

export function transition(from: RequestStatus, event: RequestEvent): TransitionResult {
  const to = TRANSITIONS[event][from];
  return to === undefined ? { ok: false, code: 'invalid_transition' } : { ok: true, to };
}

export function canTransition(from: RequestStatus, event: RequestEvent): boolean {
  return TRANSITIONS[event][from] !== undefined;
}

/** The statuses `event` may leave from: the `ANY($1)` of the store's conditional update. */
export function fromStatuses(event: RequestEvent): readonly RequestStatus[] {
  return REQUEST_STATUSES.filter((status) => canTransition(status, event));
}

/** Final means no event leads anywhere: `done` is not final since a key or role may still end. */
export function isFinal(status: RequestStatus): boolean {
  return REQUEST_EVENTS.every((event) => !canTransition(status, event));
}

/** Which event ends a done request at its expiry; invitations have no end. */
export function expiryEvent(kind: RequestKind): 'revoke' | 'revert' | undefined {
  switch (kind) {
    case 'key':
      return 'revoke';
    case 'role':
      return 'revert';
    case 'invite':
      return undefined;
  }
}

export function isRequestStatus(value: string): value is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(value);
}

export function isRequestKind(value: string): value is RequestKind {
  return (REQUEST_KINDS as readonly string[]).includes(value);
}

export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}
