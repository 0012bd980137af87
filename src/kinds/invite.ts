import type { OrgRole } from '../domain/request.ts';
import { memberByEmail, type NeonApi, type OrgReads } from '../neon/client.ts';
import { NeonError } from '../neon/errors.ts';
import { checkInvitee } from '../services/eligibility.ts';
import { createOnce, lookFirst } from './create-once.ts';
import { ActionRefused, type KindAction, requesterGone } from './kind-action.ts';

export type InviteState = 'member' | 'invited' | 'none';

/** Members first: Neon lists accepted invitations too, so an invitation alone proves nothing. */
export async function inviteState(neon: OrgReads, orgId: string, email: string): Promise<InviteState> {
  // Both reads at once (one round trip of waiting, not two); the answer still checks members first.
  const [members, invitations] = await Promise.all([neon.listMembers(orgId), neon.listInvitations(orgId)]);
  if (memberByEmail(members, email)) return 'member';
  return invitations.some((i) => i.email.toLowerCase() === email.toLowerCase()) ? 'invited' : 'none';
}

export interface InviteOutcome {
  outcome: 'invited' | 'already_member' | 'already_invited';
  email: string;
  [key: string]: unknown;
}

/**
 * Exactly once: the look before the POST waits out an earlier attempt's POST that may still land,
 * and a POST whose answer is lost is settled by looking (`create-once.ts`), never by sending again.
 */
export const inviteAction: KindAction<Exclude<InviteState, 'none'> | undefined> = {
  // Whether the invitee became a member meanwhile is Neon's to say: perform looks before it creates.
  async recheck(ctx, r) {
    const nothing = 'so no invitation was sent.';
    const invitee = await checkInvitee(ctx, r.requesterId);
    if (invitee.ok) {
      // The address the approver saw is the one that would be invited: a new one needs a new ask.
      return invitee.email === r.requesterEmail
        ? undefined
        : `The requester's Slack email changed since they asked (it is now ${invitee.email}), ${nothing} They can ask again for the new address.`;
    }
    switch (invitee.code) {
      case 'not_eligible':
        return `${requesterGone(invitee)}, ${nothing}`;
      case 'no_email':
        return `The requester's Slack profile no longer shows an email address, ${nothing}`;
      case 'domain_not_allowed':
        return `The requester's Slack email is now ${invitee.email}, outside the allowed domains (${invitee.allowed.join(', ')}), ${nothing}`;
    }
  },

  perform: {
    look: (ctx, neon, r) => lookFirst(r, neon, inviteLook(neon, ctx.config.neon.orgId, r.requesterEmail!)),

    async act(ctx, neon, r, state) {
      const orgId = ctx.config.neon.orgId;
      const email = r.requesterEmail!;
      const done = (outcome: InviteOutcome['outcome']) => ({ result: { outcome, email } satisfies InviteOutcome });
      if (state === 'member') return done('already_member');
      if (state === 'invited') return done('already_invited');
      const look = inviteLook(neon, orgId, email);
      await createOnce(ctx, r, neon, () => sendInvitation(neon, orgId, email, r.role ?? 'member'), look);
      return done('invited');
    },
  },
};

/** Member or invited already; undefined when neither. */
const inviteLook = (neon: NeonApi, orgId: string, email: string) => async () => {
  const state = await inviteState(neon, orgId, email);
  return state === 'none' ? undefined : state;
};

/** One POST; a 4xx (a role this organization does not offer) becomes a refusal with Neon's own words. */
async function sendInvitation(neon: NeonApi, orgId: string, email: string, role: OrgRole): Promise<void> {
  try {
    await neon.createInvitations(orgId, [{ email, role }]);
  } catch (err) {
    if (!(err instanceof NeonError) || err.kind !== 'client') throw err;
    throw new ActionRefused(`Neon refused: “${err.message}”. No invitation was sent.`);
  }
}
