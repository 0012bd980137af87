// Whether a role change may go ahead given the target's MFA, as Neon reports it. Pure.
import type { OrgRole } from './request.ts';

export interface MfaPolicy {
  /** The roles nobody gets without MFA on in Neon. */
  roles: OrgRole[];
  /** When Neon does not report a member's MFA. */
  unknown: 'allow' | 'refuse';
}

/** Without a policy file: admins need MFA; a member Neon says nothing about is let through. */
export const DEFAULT_MFA_POLICY: MfaPolicy = { roles: ['admin'], unknown: 'allow' };

export type MfaCheck = { ok: true } | { ok: false; code: 'mfa_off' | 'mfa_unknown' };

/** `hasMfa`: Neon's `user.has_mfa`, undefined when it did not report one. */
export function checkMfa(policy: MfaPolicy, role: OrgRole, hasMfa: boolean | undefined): MfaCheck {
  if (!policy.roles.includes(role) || hasMfa === true) return { ok: true };
  if (hasMfa === false) return { ok: false, code: 'mfa_off' };
  return policy.unknown === 'allow' ? { ok: true } : { ok: false, code: 'mfa_unknown' };
}
