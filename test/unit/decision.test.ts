import { describe, expect, it } from 'vitest';
import { checkDecision, type DecisionCheck, type DecisionInput } from '../../src/domain/decision.ts';
import type { RequestStatus } from '../../src/domain/request.ts';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';

function input(deciderId: string, isApprover: boolean, status: RequestStatus, targetUserId?: string): DecisionInput {
  return { request: { requesterId: ALICE, targetUserId, status }, deciderId, isApprover };
}

describe('checkDecision', () => {
  it.each<[string, DecisionInput, DecisionCheck]>([
    ['an approver decides a pending request', input(BOB, true, 'pending'), { ok: true }],
    ['an approver decides a role request for someone else', input(BOB, true, 'pending', CAROL), { ok: true }],
    ['a non-approver clicks', input(BOB, false, 'pending'), { ok: false, code: 'not_approver' }],
    ['a non-approver clicks a decided request', input(BOB, false, 'approved'), { ok: false, code: 'not_approver' }],
    ['the requester is not an approver', input(ALICE, false, 'pending'), { ok: false, code: 'not_approver' }],
    ['an approver decides their own request', input(ALICE, true, 'pending'), { ok: false, code: 'self_decision' }],
    [
      'an approver decides their own, already decided request',
      input(ALICE, true, 'denied'),
      { ok: false, code: 'self_decision' },
    ],
    [
      'the target of a role change decides it',
      input(CAROL, true, 'pending', CAROL),
      { ok: false, code: 'self_decision' },
    ],
    [
      'the requester asks for a role for themselves',
      input(ALICE, true, 'pending', ALICE),
      { ok: false, code: 'self_decision' },
    ],
    ...(
      ['approved', 'denied', 'cancelled', 'expired', 'executing', 'done', 'failed', 'revoked', 'reverted'] as const
    ).map((status): [string, DecisionInput, DecisionCheck] => [
      `an approver clicks a ${status} request`,
      input(BOB, true, status),
      { ok: false, code: 'already_decided' },
    ]),
  ])('%s', (_, decision, result) => {
    expect(checkDecision(decision)).toEqual(result);
  });
});
