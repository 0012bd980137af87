import type { Person } from '../app/ports.ts';
import { emailDomainAllowed, normaliseEmail } from '../domain/email.ts';
import type { ServiceContext } from './context.ts';

/** Not a full member of the workspace; `deactivated` tells a deactivated account from a guest or bot. */
export type NotEligible = { ok: false; code: 'not_eligible'; deactivated: boolean };

/** Who may ask, and be acted for, at all: a full member of the workspace (no guest, bot or deactivated account). */
export async function eligiblePerson(
  ctx: ServiceContext,
  userId: string,
): Promise<{ ok: true; person: Person } | NotEligible> {
  const person = await ctx.directory.person(userId);
  if (!person?.eligible) return { ok: false, code: 'not_eligible', deactivated: person?.deactivated ?? true };
  return { ok: true, person };
}

export type InviteeCheck =
  | { ok: true; email: string }
  | NotEligible
  | { ok: false; code: 'no_email' }
  | { ok: false; code: 'domain_not_allowed'; email: string; allowed: string[] };

/**
 * May this person be invited, as Slack shows them now: eligible, with a profile email inside
 * ALLOWED_EMAIL_DOMAINS. Asked when they ask, and again when the invitation is about to be sent.
 */
export async function checkInvitee(ctx: ServiceContext, userId: string): Promise<InviteeCheck> {
  const eligible = await eligiblePerson(ctx, userId);
  if (!eligible.ok) return eligible;
  if (!eligible.person.email) return { ok: false, code: 'no_email' };
  const email = normaliseEmail(eligible.person.email);
  if (!emailDomainAllowed(email, ctx.config.allowedEmailDomains)) {
    return { ok: false, code: 'domain_not_allowed', email, allowed: ctx.config.allowedEmailDomains };
  }
  return { ok: true, email };
}

export type RolePartiesCheck =
  | { ok: true; email: string }
  | NotEligible
  | { ok: false; code: 'target_not_eligible'; deactivated: boolean }
  | { ok: false; code: 'no_email' };

/** A role change needs an eligible requester and an eligible target whose profile email finds them in Neon. */
export async function checkRoleParties(
  ctx: ServiceContext,
  requesterId: string,
  targetUserId: string,
): Promise<RolePartiesCheck> {
  const requester = await eligiblePerson(ctx, requesterId);
  if (!requester.ok) return requester;
  const target = targetUserId === requesterId ? requester : await eligiblePerson(ctx, targetUserId);
  if (!target.ok) return { ok: false, code: 'target_not_eligible', deactivated: target.deactivated };
  if (!target.person.email) return { ok: false, code: 'no_email' };
  return { ok: true, email: normaliseEmail(target.person.email) };
}
