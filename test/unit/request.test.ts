import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  canTransition,
  fromStatuses,
  isOrgRole,
  needsOwnKey,
  ORG_ROLES,
  REQUEST_EVENTS,
  REQUEST_KINDS,
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
  ['pending', 'escalate', 'pending'],
];

const expected = (from: RequestStatus, event: RequestEvent): RequestStatus | undefined =>
  ALLOWED.find(([f, e]) => f === from && e === event)?.[2];

const EVERY_PAIR = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_EVENTS.map((event) => [from, event, expected(from, event)] as const),
);

describe('transition: every status × event', () => {
  it('covers all 120 pairs', () => {
    expect(EVERY_PAIR).toHaveLength(120);
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
    ['escalate', ['pending']],
  ])('%s may leave from %j', (event, statuses) => {
    expect(fromStatuses(event)).toEqual(statuses);
  });
});

describe('guards', () => {
  it.each([
    ['admin', true],
    ['member', true],
    ['viewer', true],
    ['editor', true],
    ['collaborator', true],
    ['owner', false],
    ['Admin', false],
  ])('isOrgRole(%j) → %s', (value, ok) => {
    expect(isOrgRole(value)).toBe(ok);
  });

  it('only a removal runs with the approving admin’s own key alone', () => {
    expect(REQUEST_KINDS.filter(needsOwnKey)).toEqual(['remove']);
  });
});

describe('ORG_ROLES', () => {
  it("is Neon's MemberRole, as the OpenAPI document in @neondatabase/api-client lists it", () => {
    const pkg = createRequire(import.meta.url).resolve('@neondatabase/api-client/package.json');
    const doc = parse(readFileSync(join(dirname(pkg), 'public-v2-for-users.gen.yaml'), 'utf8'));
    expect(ORG_ROLES).toEqual(doc.components.schemas.MemberRole.enum);
  });
});
