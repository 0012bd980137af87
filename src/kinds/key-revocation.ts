import { issuedKeyOf, keyNameFor, type RevokeReason } from '../domain/issued-key.ts';
import { SYSTEM_ACTOR } from '../domain/request.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { NeonApi, OrgApiKey } from '../neon/client.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import { move } from '../transitions/move.ts';

export type RevokeOutcome =
  | { ok: true; request: RequestRecord }
  /** Not (or no longer) a live key: revoked already, or never issued. */
  | { ok: false; code: 'not_live'; request: RequestRecord }
  | { ok: false; code: 'no_neon_key' };

/** Neon's 404 means the key is gone already (an earlier attempt, or someone in the console). */
export async function revokeInNeon(neon: NeonApi, orgId: string, keyId: number): Promise<void> {
  try {
    await neon.revokeOrgApiKey(orgId, keyId);
  } catch (err) {
    if (!(err instanceof NeonError && err.kind === 'not_found')) throw err;
  }
}

/** Live keys named after the request: the one recorded, and any a create with a lost answer made. */
export async function keysNamedFor(neon: NeonApi, orgId: string, requestId: string): Promise<OrgApiKey[]> {
  const name = keyNameFor(requestId);
  return (await neon.listOrgApiKeys(orgId)).filter((k) => k.name === name);
}

/** Every live key named after the request, and the recorded one whatever its name now. */
async function revokeAllFor(neon: NeonApi, orgId: string, requestId: string, recorded: number): Promise<void> {
  const ids = new Set([recorded, ...(await keysNamedFor(neon, orgId, requestId)).map((k) => k.id)]);
  for (const id of ids) await revokeInNeon(neon, orgId, id);
}

/**
 * Ends a done key request: revokes its keys in Neon with the approving admin's key (or the
 * fallback), then moves done → revoked, deleting any secret still held, in one transaction with
 * the card, audit and DM announcements. Neon errors are thrown: a job retries, a person is told.
 */
export async function revokeIssuedKey(
  ctx: ServiceContext,
  r: RequestRecord,
  actorId: string,
  reason: RevokeReason,
): Promise<RevokeOutcome> {
  const issued = issuedKeyOf(r.result);
  if (r.status !== 'done' || !issued) return { ok: false, code: 'not_live', request: r };
  const key = await ctx.keys.forApprover(r.decidedBy ?? '');
  if (!key) return { ok: false, code: 'no_neon_key' };
  await revokeAllFor(ctx.neon.forKey(key.key, { requestId: r.id }), ctx.config.neon.orgId, r.id, issued.keyId);
  const moved = await move(ctx, {
    id: r.id,
    event: 'revoke',
    actorId,
    patch: { result: { ...r.result, revokedFor: reason } },
    detail: { keyId: issued.keyId, reason },
    within: async (tx) => void (await ctx.keySecrets.drop(r.id, tx)),
  });
  if (moved.ok) return { ok: true, request: moved.request };
  return { ok: false, code: 'not_live', request: moved.code === 'wrong_status' ? moved.current : r };
}

/**
 * For jobs: with no Neon key to act with, throws so pg-boss retries later (an admin may connect
 * one). `actorId`: the person the job acts for (a holder's End now), else the bot.
 */
export async function revokeFromJob(
  ctx: ServiceContext,
  r: RequestRecord,
  reason: RevokeReason,
  actorId = SYSTEM_ACTOR,
): Promise<void> {
  const outcome = await revokeIssuedKey(ctx, r, actorId, reason);
  if (!outcome.ok && outcome.code === 'no_neon_key') throw new Error(`no Neon key to revoke the key of ${r.id} with`);
}
