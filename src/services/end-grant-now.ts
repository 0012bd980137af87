import { type GrantState, grantState, holderOf, isGrantKind } from '../domain/grant-extension.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { ServiceContext } from './context.ts';

export type EndNowResult =
  | { ok: true; grant: RequestRecord }
  /** No such grant, or not theirs: only the holder ends a grant early. */
  | { ok: false; code: 'not_yours'; grantId: string }
  | (Exclude<GrantState, { ok: true }> & { grantId: string });

/**
 * End now: the holder ends their grant early. Its end is claimed (moved to now) in one
 * transaction with the end-grant job that undoes it at once, by them: the key revoked, the role
 * reverted, as at its end. From then no extension can succeed, and the warnings still scheduled
 * find the end moved and stay silent.
 */
export async function endGrantNow(
  ctx: ServiceContext,
  input: { userId: string; grantId: string },
): Promise<EndNowResult> {
  const grant = await ctx.store.get(input.grantId);
  if (!grant || !isGrantKind(grant.kind) || holderOf(grant) !== input.userId)
    return { ok: false, code: 'not_yours', grantId: input.grantId };
  const state = grantState(grant, new Date());
  if (!state.ok) return { ...state, grantId: grant.id };
  const claimed = await ctx.store.claimGrantEnd(grant.id, undefined, async (tx, r) => {
    const endsAt = r.grantExpiresAt!.toISOString();
    await ctx.jobs.send('end-grant', { requestId: r.id, endsAt, by: input.userId }, { tx });
  });
  if (!claimed) {
    const now = await ctx.store.get(grant.id);
    const after = now ? grantState(now, new Date()) : undefined;
    return after && !after.ok ? { ...after, grantId: grant.id } : { ok: false, code: 'not_yours', grantId: grant.id };
  }
  return { ok: true, grant: claimed };
}
