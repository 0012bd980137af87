import { describe, expect, it } from 'vitest';
import {
  canTransition,
  fromStatuses,
  isOrgRole,
  REQUEST_EVENTS,
  REQUEST_STATUSES,
  type RequestEvent,
  type RequestStatus,
  targetOf,
} from '../../src/domain/request.ts';

// The life cycle, written out independently of the implementation's table.
const ALLOWED: ReadonlyArray<[RequestStatus, RequestEvent, RequestStatus]> = [
  ['pending', 'approve', 'approved'],
  ['pending', 'endorse', 'pending'],
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
  it('covers all 110 pairs', () => {
    expect(EVERY_PAIR).toHaveLength(110);
  });

  it.each(EVERY_PAIR)('%s --%s--> %s', (from, event, to) => {
    expect(canTransition(from, event) ? targetOf(event) : undefined).toEqual(to);
    expect(canTransition(from, event)).toBe(to !== undefined);
  });
});

describe('fromStatuses', () => {
  it.each<[RequestEvent, RequestStatus[]]>([
    ['approve', ['pending']],
    ['endorse', ['pending']],
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

describe('guards', () => {
  it.each([
    ['admin', true],
    ['member', true],
    ['viewer', false],
    ['Admin', false],
  ])('isOrgRole(%j) → %s', (value, ok) => {
    expect(isOrgRole(value)).toBe(ok);
  });
});
