import { requireAdminPersonal } from '../auth.ts';
import { NeonHttpError } from '../errors.ts';
import { type InvitationRecord, type MemberRole, type OrgState, sameEmail } from '../state.ts';
import { type Handler, orgAccess, refuseUnofferedRole } from './context.ts';

function invitationJson(state: OrgState, i: InvitationRecord) {
  return {
    id: i.id,
    email: i.email,
    org_id: state.org.id,
    invited_by: i.invitedBy,
    invited_at: i.invitedAt,
    role: i.role,
  };
}

/**
 * Neon does not document what a repeated invitation does. We refuse the whole batch with 409
 * (nothing created, nothing mailed) when an email is already a member, already invited, or twice
 * in the batch: that is the case that makes a caller look before inviting, which the bot must do.
 */
function refuseDuplicates(state: OrgState, emails: string[]): void {
  emails.forEach((email, index) => {
    const user = state.userByEmail(email);
    if (user && state.memberOfUser(user.id)) {
      throw new NeonHttpError(409, `${email} is already a member of the organization`);
    }
    if (state.invitationFor(email) || emails.slice(0, index).some((e) => sameEmail(e, email))) {
      throw new NeonHttpError(409, `${email} has already been invited to the organization`);
    }
  });
}

export const getOrganizationInvitations: Handler = (ctx) => {
  orgAccess(ctx);
  return { invitations: ctx.state.liveInvitations().map((i) => invitationJson(ctx.state, i)) };
};

export const createOrganizationInvitations: Handler = (ctx) => {
  const { user } = requireAdminPersonal(orgAccess(ctx));
  const { state } = ctx;
  const { invitations } = ctx.body as { invitations: { email: string; role: MemberRole }[] };
  for (const { role } of invitations) refuseUnofferedRole(state, role);
  refuseDuplicates(
    state,
    invitations.map((i) => i.email),
  );
  const created = invitations.map(({ email, role }) => {
    const invitation = state.createInvitation(email, role, user.id);
    // Spec: "If the invited user has an existing account, they automatically join as a member."
    const account = state.userByEmail(email);
    if (account) state.addMember(account.id, role);
    return invitation;
  });
  return { invitations: created.map((i) => invitationJson(state, i)) };
};
