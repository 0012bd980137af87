import { checkMfa, ENABLE_MFA_HOW, mfaRefusal } from '../domain/mfa.ts';
import { isOrgRole, type OrgRole, SYSTEM_ACTOR } from '../domain/request.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { RoleOutcome } from '../domain/role-outcome.ts';
import type { NeonApi, OrgMember } from '../neon/client.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import { checkRoleParties } from '../services/eligibility.ts';
import { move } from '../transitions/move.ts';
import { ActionRefused, type KindAction, type Performed, requesterGone } from './kind-action.ts';

/** The target's membership, as the bot may change it: a live member holding one of the two roles it manages. */
async function roleMember(neon: NeonApi, orgId: string, email: string): Promise<OrgMember & { role: OrgRole }> {
  const member = await neon.findMemberByEmail(orgId, email);
  if (!member || member.deactivatedAt)
    throw new ActionRefused(`${email} is not a member of the Neon organization, so there is no role to change.`);
  if (!isManaged(member))
    throw new ActionRefused(
      `${email} has the role “${member.role}” in Neon, which the bot does not change; a Neon admin can.`,
    );
  return member;
}

export function isManaged(member: OrgMember): member is OrgMember & { role: OrgRole } {
  return isOrgRole(member.role);
}

export const roleChangeAction: KindAction<OrgMember & { role: OrgRole }> = {
  async recheck(ctx, r) {
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
  },

  perform: {
    look: (ctx, neon, r) => roleMember(neon, ctx.config.neon.orgId, r.targetEmail!),
    act: changeTo,
  },

  async end(ctx, r, by) {
    const done = r.result as RoleOutcome;
    const key = await ctx.keys.forApprover(r.decidedBy ?? '');
    // The job retries with backoff: a key may be connected or NEON_API_KEY set meanwhile.
    if (!key) throw new Error(`no Neon key to restore the role of request ${r.id}`);
    const orgId = ctx.config.neon.orgId;
    const neon = ctx.neon.forKey(key.key, { requestId: r.id });
    let ended: NonNullable<RoleOutcome['ended']>;
    try {
      const member = (await neon.listMembers(orgId)).find((m) => m.memberId === done.memberId);
      ended = !member ? 'left_org' : member.role === done.previousRole ? 'already_restored' : 'restored';
      if (member && ended === 'restored') await changeRole(neon, orgId, member, done.previousRole);
    } catch (err) {
      if (!(err instanceof ActionRefused)) throw err; // transient trouble: the job retries
      // Neon will go on refusing: say so where people look instead of retrying for hours.
      ctx.log.error({ requestId: r.id, err }, 'the previous role could not be restored');
      const error = `The *${done.previousRole}* role could not be restored: ${err.message} A Neon admin must change it in the console.`;
      const noted = await ctx.store.annotate(r.id, 'done', { error });
      if (!noted) return;
      await ctx.jobs.send('sync-cards', { requestId: r.id });
      await ctx.jobs.send('post-audit', {
        requestId: r.id,
        event: 'restore-refused',
        message: ctx.present.auditLine(noted, 'restore-refused', SYSTEM_ACTOR),
      });
      return;
    }
    await move(ctx, {
      id: r.id,
      event: 'revert',
      actorId: by ?? SYSTEM_ACTOR,
      patch: { result: { ...done, ended } },
      detail: { ended, role: done.previousRole, keyOwner: key.owner },
    });
  },
};

/** The role set, on Neon's answer of a moment ago (`member`); noted on the row before the PATCH. */
async function changeTo(
  ctx: ServiceContext,
  neon: NeonApi,
  r: RequestRecord,
  member: OrgMember & { role: OrgRole },
): Promise<Performed> {
  const orgId = ctx.config.neon.orgId;
  const wanted = r.role!;
  // Right before the PATCH, on Neon's answer of now: MFA turned off since the ask fails the request.
  const mfa = checkMfa(ctx.config.policy.requireMfa, wanted, member.hasMfa);
  if (!mfa.ok && member.role !== wanted)
    throw new ActionRefused(
      `${mfaRefusal(mfa.code, r.targetEmail!, wanted)} The role was not changed. ${ENABLE_MFA_HOW}`,
    );
  const noted = r.result as Partial<RoleOutcome> | null;
  let previousRole: OrgRole;
  if (member.role !== wanted) {
    previousRole = member.role;
    // Noted before the call: if Neon's answer is lost, the retry finds the role changed and still knows what to restore.
    await ctx.store.annotate(r.id, 'executing', {
      result: { memberId: member.memberId, previousRole, newRole: wanted },
    });
    await changeRole(neon, orgId, member, wanted);
  } else if (noted?.memberId === member.memberId && noted.previousRole && noted.previousRole !== wanted) {
    previousRole = noted.previousRole; // that earlier attempt's change
  } else {
    return {
      result: {
        outcome: 'already_in_role',
        memberId: member.memberId,
        previousRole: wanted,
        newRole: wanted,
      } satisfies RoleOutcome,
    };
  }
  const result: RoleOutcome = { outcome: 'role_changed', memberId: member.memberId, previousRole, newRole: wanted };
  // The clock of a temporary role starts now that Neon has applied it, not when it was asked for.
  return { result, grantExpiresAt: r.durationMs ? new Date(Date.now() + r.durationMs) : undefined };
}

/** One PATCH; a 4xx (Neon will not do it, e.g. the only admin) becomes a refusal worded for people. */
async function changeRole(neon: NeonApi, orgId: string, member: OrgMember, role: OrgRole): Promise<void> {
  try {
    await neon.updateMemberRole(orgId, member.memberId, role);
  } catch (err) {
    if (!(err instanceof NeonError) || err.kind !== 'client') throw err;
    const onlyAdmin =
      member.role === 'admin' && role !== 'admin'
        ? ' An organization keeps at least one admin: make someone else an admin first.'
        : '';
    throw new ActionRefused(`Neon refused: “${err.message}”.${onlyAdmin} Nothing was changed.`);
  }
}
