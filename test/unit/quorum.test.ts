import { describe, expect, it } from 'vitest';
import { approvalsCounted, type NextApproval, nextApproval, type QuorumState } from '../../src/domain/quorum.ts';

const REQUESTER = 'UREQUEST1';
const TARGET = 'UTARGET01';
const state = (approvalsNeeded: number, approvedBy: string[], targetUserId: string | null = TARGET): QuorumState => ({
  approvalsNeeded,
  approvedBy,
  requesterId: REQUESTER,
  targetUserId,
});

describe('nextApproval: what one more approval does', () => {
  it.each<[string, QuorumState, string, NextApproval]>([
    ['one needed: the first completes', state(1, []), 'UADA', { ok: true, approvals: 1, needed: 1, complete: true }],
    ['two needed: the first does not', state(2, []), 'UADA', { ok: true, approvals: 1, needed: 2, complete: false }],
    [
      'two needed: a second approver completes',
      state(2, ['UADA']),
      'UBOB',
      { ok: true, approvals: 2, needed: 2, complete: true },
    ],
    [
      'the same approver twice counts once',
      state(2, ['UADA']),
      'UADA',
      { ok: false, code: 'already_approved', approvals: 1, needed: 2 },
    ],
    ['break-glass counts as one', state(2, []), REQUESTER, { ok: true, approvals: 1, needed: 2, complete: false }],
    [
      'break-glass with another approval completes',
      state(2, ['UADA']),
      REQUESTER,
      { ok: true, approvals: 2, needed: 2, complete: true },
    ],
    [
      'break-glass alone approves a request that needs one',
      state(1, []),
      TARGET,
      { ok: true, approvals: 1, needed: 1, complete: true },
    ],
    [
      "the target's break-glass after the requester's counts no more: never a quorum on break-glass alone",
      state(2, [REQUESTER]),
      TARGET,
      { ok: false, code: 'break_glass_counted', approvals: 1, needed: 2 },
    ],
    [
      'three needed, two so far: the third completes',
      state(3, ['UADA', REQUESTER]),
      'UBOB',
      { ok: true, approvals: 3, needed: 3, complete: true },
    ],
  ])('%s', (_what, q, approver, expected) => {
    expect(nextApproval(q, approver)).toEqual(expected);
  });
});

describe('approvalsCounted', () => {
  it.each<[string, QuorumState, number]>([
    ['none', state(2, []), 0],
    ['two approvers', state(3, ['UADA', 'UBOB']), 2],
    ['requester and target break-glass together count once', state(3, [REQUESTER, 'UADA', TARGET]), 2],
    ['a request for oneself: the requester once', state(2, [REQUESTER], null), 1],
  ])('%s', (_what, q, n) => {
    expect(approvalsCounted(q)).toBe(n);
  });
});
