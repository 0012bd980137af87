import type { RequestRecord } from '../domain/request-record.ts';
import type { ServiceContext } from '../services/context.ts';
import { checkInvitee, checkRoleParties, eligiblePerson, type NotEligible } from '../services/eligibility.ts';

/**
 * Why an approved request no longer qualifies, asked of Slack just before it runs (an account may
 * be deactivated, or a profile email changed, between the ask and the approval), with the checks
 * the ask made; undefined when it still does. Worded for the card and the requester's DM. Whether
 * the invitee became a member meanwhile is Neon's to say: the action looks before it creates.
 */
export function noLongerQualifies(ctx: ServiceContext, r: RequestRecord): Promise<string | undefined> {
  switch (r.kind) {
    case 'invite':
      return inviteRefusal(ctx, r);
    case 'role':
      return roleRefusal(ctx, r);
    case 'key':
      return keyRefusal(ctx, r);
  }
}

async function inviteRefusal(ctx: ServiceContext, r: RequestRecord): Promise<string | undefined> {
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
}

async function roleRefusal(ctx: ServiceContext, r: RequestRecord): Promise<string | undefined> {
  const nothing = 'so the role was not changed.';
  const parties = await checkRoleParties(ctx, r.requesterId, r.targetUserId ?? r.requesterId);
  if (parties.ok) return undefined;
  switch (parties.code) {
    case 'not_eligible':
      return `${requesterGone(parties)}, ${nothing}`;
    case 'target_not_eligible':
      return `${parties.deactivated ? 'The Slack account of the person the role is for has been deactivated' : 'The person the role is for is no longer a full member of the Slack workspace'} since the request was made, ${nothing}`;
    case 'no_email':
      return `The Slack profile of the person the role is for no longer shows an email address, ${nothing}`;
  }
}

async function keyRefusal(ctx: ServiceContext, r: RequestRecord): Promise<string | undefined> {
  const requester = await eligiblePerson(ctx, r.requesterId);
  return requester.ok ? undefined : `${requesterGone(requester)}, so no key was created.`;
}

function requesterGone(e: NotEligible): string {
  return e.deactivated
    ? "The requester's Slack account has been deactivated since they asked"
    : 'The requester is no longer a full member of the Slack workspace (a guest or bot account now)';
}
