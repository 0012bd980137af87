import { describe, expect, it } from 'vitest';
import { checkMfa, DEFAULT_MFA_POLICY, type MfaCheck, type MfaPolicy } from '../../src/domain/mfa.ts';
import type { OrgRole } from '../../src/domain/request.ts';

const refuseUnknown: MfaPolicy = { roles: ['admin'], unknown: 'refuse' };
const none: MfaPolicy = { roles: [], unknown: 'refuse' };

describe('checkMfa: may the target get this role, given what Neon reports of their MFA', () => {
  it.each<[string, MfaPolicy, OrgRole, boolean | undefined, MfaCheck]>([
    ['admin, MFA on', DEFAULT_MFA_POLICY, 'admin', true, { ok: true }],
    ['admin, MFA off', DEFAULT_MFA_POLICY, 'admin', false, { ok: false, code: 'mfa_off' }],
    ['admin, unknown, default allow', DEFAULT_MFA_POLICY, 'admin', undefined, { ok: true }],
    ['admin, unknown, refuse', refuseUnknown, 'admin', undefined, { ok: false, code: 'mfa_unknown' }],
    ['member, MFA off: not a listed role', DEFAULT_MFA_POLICY, 'member', false, { ok: true }],
    ['member, unknown, refuse: not a listed role', refuseUnknown, 'member', undefined, { ok: true }],
    ['no role listed', none, 'admin', false, { ok: true }],
  ])('%s', (_what, policy, role, hasMfa, expected) => {
    expect(checkMfa(policy, role, hasMfa)).toEqual(expected);
  });
});
