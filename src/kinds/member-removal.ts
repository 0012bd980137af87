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
export const memberRemovalAction: KindAction<OrgMember | 'gone'> = {
  // Only the asker must still qualify: the person removed is often the one whose account was deactivated.
  async recheck(ctx, r) {
    const requester = await eligiblePerson(ctx, r.requesterId);
    return requester.ok ? undefined : `${requesterGone(requester)}, so nobody was removed.`;
  },

  perform: {
    // Gone, or the member to remove. A DELETE an earlier attempt sent (noted on the row) is what made them gone.
    async look(ctx, neon, r) {
      let member: OrgMember | undefined;
      const gone = await lookFirst(r, neon, async () => {
        member = await neon.findMemberByEmail(ctx.config.neon.orgId, r.targetEmail!);
        return member ? undefined : true;
      });
      return gone || !member ? 'gone' : member;
    },

    async act(ctx, neon, r, found) {
      const email = r.targetEmail!;
      const done = (outcome: RemovalOutcome['outcome'], role?: string) => ({
        result: { outcome, email, ...(role ? { role } : {}) } satisfies RemovalOutcome,
      });
      if (found === 'gone') return done(typeof r.result?.createSentAt === 'string' ? 'removed' : 'already_gone');
      const orgId = ctx.config.neon.orgId;
      const { memberId, role } = found;
      await createOnce(ctx, r, neon, () => removeMember(neon, orgId, memberId, role), goneLook(neon, orgId, email));
      return done('removed', role);
    },
  },
};

/** True once nobody with `email` is a member; undefined while someone is. */
const goneLook = (neon: NeonApi, orgId: string, email: string) => async () =>
  (await neon.findMemberByEmail(orgId, email)) ? undefined : true;

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
