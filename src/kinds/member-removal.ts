import type { RemovalOutcome } from '../domain/removal-outcome.ts';
import type { NeonApi, OrgMember } from '../neon/client.ts';
import { NeonError } from '../neon/errors.ts';
import { eligiblePerson } from '../services/eligibility.ts';
import { createOnce, lookFirst } from './create-once.ts';
import { ActionRefused, type KindAction, requesterGone } from './kind-action.ts';

/**
 * Removes a member from the Neon organization, with the approving admin's own key (key-choice
 * never gives this kind the shared one). Look before delete: what an earlier attempt's DELETE
 * makes is the member gone, so a retry after a lost answer finds them gone and records done,
 * without a second DELETE (`create-once.ts` waits out one that may still land).
 */
export const memberRemovalAction: KindAction = {
  // Only the asker must still qualify: the person removed is often the one whose account was deactivated.
  async recheck(ctx, r) {
    const requester = await eligiblePerson(ctx, r.requesterId);
    return requester.ok ? undefined : `${requesterGone(requester)}, so nobody was removed.`;
  },

  async perform(ctx, neon, r) {
    const orgId = ctx.config.neon.orgId;
    const email = r.targetEmail!;
    let member: OrgMember | undefined;
    const gone = async () => {
      member = await neon.findMemberByEmail(orgId, email);
      return member ? undefined : true;
    };
    const done = (outcome: RemovalOutcome['outcome'], role?: string) => ({
      result: { outcome, email, ...(role ? { role } : {}) } satisfies RemovalOutcome,
    });
    // A DELETE an earlier attempt sent (noted on the row) is what made them gone.
    const sentBefore = typeof r.result?.createSentAt === 'string';
    if (await lookFirst(r, neon, gone)) return done(sentBefore ? 'removed' : 'already_gone');
    const { memberId, role } = member!;
    await createOnce(ctx, r, neon, () => removeMember(neon, orgId, memberId, role), gone);
    return done('removed', role);
  },
};

/** One DELETE; gone already is fine, and a refusal (the last admin, a key that is no longer an admin's) is worded for people. */
async function removeMember(neon: NeonApi, orgId: string, memberId: string, role: string): Promise<void> {
  try {
    await neon.removeMember(orgId, memberId);
  } catch (err) {
    if (!(err instanceof NeonError)) throw err;
    if (err.kind === 'not_found') return;
    if (err.kind !== 'client' && err.kind !== 'forbidden') throw err;
    const lastAdmin =
      err.kind === 'client' && role === 'admin'
        ? ' An organization keeps at least one admin: make someone else an admin first.'
        : '';
    throw new ActionRefused(`Neon refused: “${err.message}”.${lastAdmin} Nobody was removed.`);
  }
}
