import { normaliseEmail } from '../domain/email.ts';
import type { NeonApi } from '../neon/client.ts';
import { NeonError } from '../neon/errors.ts';

/** Why a key offered by an admin is not accepted. */
export type KeyRefusal =
  | { code: 'invalid_key' | 'not_personal_key' | 'not_in_org' | 'neon_unavailable' }
  | { code: 'email_mismatch'; slackEmail: string }
  | { code: 'not_admin'; role: string };

export type KeyCheck = { ok: true; neonUserId: string; neonEmail: string } | ({ ok: false } & KeyRefusal);

export interface KeyCheckInput {
  /** the API as the holder of the offered key */
  neon: NeonApi;
  orgId: string;
  /** the admin's Slack profile email */
  slackEmail: string;
}

/**
 * Is the offered key a personal key of the Neon account with the admin's own email, an admin of
 * our organization? Asked of Neon itself: `/users/me` says whose key it is, and the member list
 * gives the role, matched on the user id (the org list carries no role).
 */
export async function checkAdminKey({ neon, orgId, slackEmail }: KeyCheckInput): Promise<KeyCheck> {
  try {
    // Both at once; the answer about the user is judged first, whichever fails first.
    const [whoami, memberships] = await Promise.allSettled([neon.getCurrentUser(), neon.listMyOrganizations()]);
    const me = settledValue(whoami);
    if (normaliseEmail(me.email) !== normaliseEmail(slackEmail))
      return { ok: false, code: 'email_mismatch', slackEmail };
    if (!settledValue(memberships).some((o) => o.id === orgId)) return { ok: false, code: 'not_in_org' };
    const member = (await neon.listMembers(orgId)).find((m) => m.userId === me.id);
    if (!member || member.deactivatedAt) return { ok: false, code: 'not_in_org' };
    if (member.role !== 'admin') return { ok: false, code: 'not_admin', role: member.role };
    return { ok: true, neonUserId: me.id, neonEmail: me.email };
  } catch (err) {
    return { ok: false, code: refusalFor(err) };
  }
}

function settledValue<T>(settled: PromiseSettledResult<T>): T {
  if (settled.status === 'rejected') throw settled.reason;
  return settled.value;
}

function refusalFor(err: unknown): 'invalid_key' | 'not_personal_key' | 'not_in_org' | 'neon_unavailable' {
  if (!(err instanceof NeonError)) throw err;
  if (err.kind === 'unauthorized') return 'invalid_key';
  // Organization keys cannot say whose they are: Neon refuses them /users/me (403, or 400 in the wild).
  if (err.operation === 'getCurrentUserInfo' && (err.kind === 'forbidden' || err.kind === 'client'))
    return 'not_personal_key';
  if (err.kind === 'forbidden' || err.kind === 'not_found') return 'not_in_org';
  return 'neon_unavailable';
}
