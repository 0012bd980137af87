import { describe, expect, it } from 'vitest';
import {
  type ExtensionPlan,
  type GrantState,
  grantState,
  holderOf,
  planExtension,
  utcMinute,
  warningsFor,
} from '../../src/domain/grant-extension.ts';

const H = 3_600_000;
const D = 24 * H;
const T0 = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('planExtension: the new end counts from the current end, within max and maxTotal', () => {
  const limits = { maxMs: 8 * H, maxTotalMs: 32 * H };
  it.each<[string, { startedAt: Date; endsAt: Date }, number, ExtensionPlan]>([
    ['4h more on a 2h grant', { startedAt: T0, endsAt: at(2 * H) }, 4 * H, { ok: true, newEnd: at(6 * H) }],
    ['exactly max', { startedAt: T0, endsAt: at(2 * H) }, 8 * H, { ok: true, newEnd: at(10 * H) }],
    ['beyond max', { startedAt: T0, endsAt: at(2 * H) }, 8 * H + 1, { ok: false, code: 'over_max', maxMs: 8 * H }],
    ['exactly maxTotal', { startedAt: T0, endsAt: at(24 * H) }, 8 * H, { ok: true, newEnd: at(32 * H) }],
    [
      'beyond maxTotal, counted from the start',
      { startedAt: T0, endsAt: at(30 * H) },
      4 * H,
      { ok: false, code: 'over_total', maxTotalMs: 32 * H, latestEnd: at(32 * H) },
    ],
  ])('%s', (_what, grant, extra, expected) => {
    expect(planExtension(grant, extra, limits)).toEqual(expected);
  });
});

describe('warningsFor: only warnings after the grant started and still to come', () => {
  const leads = [D, H];
  it.each<[string, { startedAt: Date; endsAt: Date }, Date, Date[]]>([
    ['a 2-day grant: both', { startedAt: T0, endsAt: at(2 * D) }, T0, [at(D), at(2 * D - H)]],
    ['a 2h grant: only the 1h warning', { startedAt: T0, endsAt: at(2 * H) }, T0, [at(H)]],
    ['exactly 24h: the 24h warning would fall at the start', { startedAt: T0, endsAt: at(D) }, T0, [at(D - H)]],
    ['a 30m grant: none', { startedAt: T0, endsAt: at(H / 2) }, T0, []],
    ['extended later: a warning already past is not repeated', { startedAt: T0, endsAt: at(D + H / 2) }, at(D), []],
    [
      'extended: the new end’s warnings still to come',
      { startedAt: T0, endsAt: at(3 * D) },
      at(D),
      [at(2 * D), at(3 * D - H)],
    ],
  ])('%s', (_what, grant, now, expected) => {
    expect(warningsFor(leads, grant, now).map((w) => w.at)).toEqual(expected);
  });

  it('one warning per lead time, even when listed twice', () => {
    expect(warningsFor([H, H], { startedAt: T0, endsAt: at(2 * H) }, T0)).toEqual([{ leadMs: H, at: at(H) }]);
  });
});

describe('holderOf', () => {
  it.each([
    ['a key: whoever asked', { requesterId: 'UA', targetUserId: null }, 'UA'],
    ['a role for someone else: them', { requesterId: 'UA', targetUserId: 'UB' }, 'UB'],
  ])('%s', (_what, grant, expected) => {
    expect(holderOf(grant)).toBe(expected);
  });
});

describe('grantState: whether a grant can still be extended or ended, and if not why', () => {
  const live = {
    kind: 'key',
    status: 'done',
    grantExpiresAt: at(2 * H),
    grantStartedAt: T0,
    result: {},
    createdAt: at(-H),
  };
  it.each<[string, Partial<typeof live> & { result?: Record<string, unknown> }, Date, GrantState]>([
    ['live', {}, at(H), { ok: true, span: { startedAt: T0, endsAt: at(2 * H) } }],
    [
      'before starts were recorded: from the ask',
      { grantStartedAt: null as unknown as Date },
      at(H),
      {
        ok: true,
        span: { startedAt: at(-H), endsAt: at(2 * H) },
      },
    ],
    ['its end passed, its job not yet run', {}, at(2 * H), { ok: false, code: 'ended', at: at(2 * H) }],
    [
      'revoked at its end',
      { status: 'revoked', result: { revokedFor: 'expiry' } },
      at(3 * H),
      {
        ok: false,
        code: 'ended',
        at: at(2 * H),
      },
    ],
    [
      'a role changed back',
      { kind: 'role', status: 'reverted' },
      at(3 * H),
      { ok: false, code: 'ended', at: at(2 * H) },
    ],
    [
      'revoked by its owner',
      { status: 'revoked', result: { revokedFor: 'owner' } },
      at(H),
      { ok: false, code: 'revoked' },
    ],
    [
      'a lasting role',
      { kind: 'role', grantExpiresAt: null as unknown as Date },
      at(H),
      { ok: false, code: 'not_timed' },
    ],
    ['an invitation', { kind: 'invite' }, at(H), { ok: false, code: 'not_timed' }],
  ])('%s', (_what, change, now, expected) => {
    expect(grantState({ ...live, ...change }, now)).toEqual(expected);
  });

  it('utcMinute reads as people write it', () => {
    expect(utcMinute(at(90 * 60_000 + 59_999))).toBe('2026-03-01 11:30 UTC');
  });
});
