import { issuedKeyOf } from '../domain/issued-key.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { revokeIssuedKey } from '../kinds/key-revocation.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from './context.ts';

export type RevokeResult =
  | { ok: true; keyId: number; request: RequestRecord }
  /** Unknown to the bot, or someone else's: the same answer, so nobody learns which ids exist. */
  | { ok: false; code: 'not_yours'; keyId: number }
  | { ok: false; code: 'already_revoked'; keyId: number; request: RequestRecord }
  | { ok: false; code: 'no_neon_key'; keyId: number }
  | { ok: false; code: 'neon_failed'; keyId: number; message: string };

/** `/neon revoke <key id>`: the person a key was issued to revokes it at once, without approval. */
export async function revokeOwnKey(
  ctx: ServiceContext,
  input: { userId: string; keyId: number },
): Promise<RevokeResult> {
  const { keyId } = input;
  const requestId = await ctx.keySecrets.requestForKey(keyId);
  const request = requestId ? await ctx.store.get(requestId) : undefined;
  if (!request || request.requesterId !== input.userId || issuedKeyOf(request.result)?.keyId !== keyId) {
    return { ok: false, code: 'not_yours', keyId };
  }
  try {
    const outcome = await revokeIssuedKey(ctx, request, input.userId, 'owner');
    if (outcome.ok) return { ok: true, keyId, request: outcome.request };
    if (outcome.code === 'no_neon_key') return { ok: false, code: 'no_neon_key', keyId };
    return { ok: false, code: 'already_revoked', keyId, request: outcome.request };
  } catch (err) {
    if (!(err instanceof NeonError)) throw err;
    return { ok: false, code: 'neon_failed', keyId, message: err.message };
  }
}
