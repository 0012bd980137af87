import { describe, expect, it } from 'vitest';
import { checkNudge, NUDGE_GAP_MS, type NudgeCheck, nextNudgeAt } from '../../src/domain/nudge.ts';
import type { RequestStatus } from '../../src/domain/request.ts';

const MIN = 60_000;
const NOW = new Date('2026-03-01T10:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const at = (ms: number) => new Date(NOW.getTime() + ms);
const ALICE = 'UALICE001';

describe('nextNudgeAt', () => {
  it.each<[string, Date | null, Date]>([
    ['never nudged: now', null, NOW],
    ['nudged just now: 30 minutes on', NOW, at(30 * MIN)],
    ['nudged 10 minutes ago: in 20', ago(10 * MIN), at(20 * MIN)],
    ['nudged exactly 30 minutes ago: now', ago(30 * MIN), NOW],
    ['nudged an hour ago: now', ago(60 * MIN), NOW],
  ])('%s', (_what, nudgedAt, expected) => {
    expect(nextNudgeAt(nudgedAt, NOW)).toEqual(expected);
  });

  it('the gap is 30 minutes', () => {
    expect(NUDGE_GAP_MS).toBe(30 * MIN);
  });
});

describe('checkNudge', () => {
  const r = (status: RequestStatus, nudgedAt: Date | null) => ({ requesterId: ALICE, status, nudgedAt });
  it.each<[string, ReturnType<typeof r>, string, NudgeCheck]>([
    ['the requester, never nudged', r('pending', null), ALICE, { ok: true }],
    ['the requester, 31 minutes after the last', r('pending', ago(31 * MIN)), ALICE, { ok: true }],
    [
      'the requester, 29 minutes after the last',
      r('pending', ago(29 * MIN)),
      ALICE,
      { ok: false, code: 'too_soon', nextAt: at(MIN) },
    ],
    ['someone else', r('pending', null), 'UBOB00001', { ok: false, code: 'not_requester' }],
    ['someone else, on a decided request', r('approved', null), 'UBOB00001', { ok: false, code: 'not_requester' }],
    ['a decided request', r('approved', null), ALICE, { ok: false, code: 'not_pending' }],
    ['a request being carried out', r('executing', null), ALICE, { ok: false, code: 'not_pending' }],
    ['a cancelled request, nudged lately', r('cancelled', ago(MIN)), ALICE, { ok: false, code: 'not_pending' }],
  ])('%s', (_what, request, userId, expected) => {
    expect(checkNudge(request, userId, NOW)).toEqual(expected);
  });
});
