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

/** How a person turns MFA on, for every message that refuses for want of it. */
export const ENABLE_MFA_HOW =
  'In the Neon console, open Account settings and turn on two-factor authentication; then ask again.';

/** Why a role change is refused (at the ask, or at execution), in people's words. */
export function mfaRefusal(code: 'mfa_off' | 'mfa_unknown', email: string, role: OrgRole): string {
  return code === 'mfa_off'
    ? `Neon reports two-factor authentication (MFA) off for ${email}, and the bot's policy gives the ${role} role only with it on.`
    : `Neon does not report whether ${email} has two-factor authentication (MFA) on, and the bot's policy gives the ${role} role only when it is known to be on.`;
}
