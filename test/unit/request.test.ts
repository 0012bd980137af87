import { describe, expect, it } from 'vitest';
import {
  canTransition,
  expiryEvent,
  fromStatuses,
  isFinal,
  isOrgRole,
  isRequestKind,
  isRequestStatus,
  REQUEST_EVENTS,
  REQUEST_STATUSES,
  type RequestEvent,
  type RequestStatus,
  transition,
} from '../../src/domain/request.ts';

// The life cycle of DESIGN §4, written out independently of the implementation's table.
const ALLOWED: ReadonlyArray<[RequestStatus, RequestEvent, RequestStatus]> = [
  ['pending', 'approve', 'approved'],
  ['pending', 'deny', 'denied'],
  ['pending', 'cancel', 'cancelled'],
  ['pending', 'expire', 'expired'],
  ['approved', 'start', 'executing'],
  ['executing', 'succeed', 'done'],
  ['executing', 'fail', 'failed'],
  ['failed', 'retry', 'approved'],
  ['done', 'revoke', 'revoked'],
  ['done', 'revert', 'reverted'],
];

const expected = (from: RequestStatus, event: RequestEvent): RequestStatus | undefined =>
  ALLOWED.find(([f, e]) => f === from && e === event)?.[2];

const EVERY_PAIR = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_EVENTS.map((event) => [from, event, expected(from, event)] as const),
);

describe('transition: every status × event', () => {
  it('covers all 100 pairs', () => {
    expect(EVERY_PAIR).toHaveLength(100);
  });

  it.each(EVERY_PAIR)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toEqual(
      to === undefined ? { ok: false, code: 'invalid_transition' } : { ok: true, to },
    );
    expect(canTransition(from, event)).toBe(to !== undefined);
  });
});

describe('fromStatuses', () => {
  it.each<[RequestEvent, RequestStatus[]]>([
    ['approve', ['pending']],
    ['deny', ['pending']],
    ['cancel', ['pending']],
    ['expire', ['pending']],
    ['start', ['approved']],
    ['succeed', ['executing']],
    ['fail', ['executing']],
    ['retry', ['failed']],
    ['revoke', ['done']],
    ['revert', ['done']],
  ])('%s may leave from %j', (event, statuses) => {
    expect(fromStatuses(event)).toEqual(statuses);
  });
});

describe('isFinal', () => {
  it.each<[RequestStatus, boolean]>([
    ['pending', false],
    ['approved', false],
    ['executing', false],
    ['failed', false],
    ['done', false],
    ['denied', true],
    ['cancelled', true],
    ['expired', true],
    ['revoked', true],
    ['reverted', true],
  ])('%s → %s', (status, final) => {
    expect(isFinal(status)).toBe(final);
  });
});

describe('expiryEvent', () => {
  it.each([
    ['key', 'revoke'],
    ['role', 'revert'],
    ['invite', undefined],
  ] as const)('%s → %s', (kind, event) => {
    expect(expiryEvent(kind)).toBe(event);
  });
});

describe('guards', () => {
  it.each([
    ['pending', true],
    ['reverted', true],
    ['Pending', false],
    ['', false],
    ['done ', false],
  ])('isRequestStatus(%j) → %s', (value, ok) => {
    expect(isRequestStatus(value)).toBe(ok);
  });

  it.each([
    ['invite', true],
    ['key', true],
    ['role', true],
    ['grant', false],
  ])('isRequestKind(%j) → %s', (value, ok) => {
    expect(isRequestKind(value)).toBe(ok);
  });

  it.each([
    ['admin', true],
    ['member', true],
    ['viewer', false],
    ['Admin', false],
  ])('isOrgRole(%j) → %s', (value, ok) => {
    expect(isOrgRole(value)).toBe(ok);
  });
});
