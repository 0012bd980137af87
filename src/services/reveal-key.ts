import { type IssuedKey, issuedKeyOf } from '../domain/issued-key.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { RevealOutcome } from '../store/key-secrets.ts';
import type { ServiceContext } from './context.ts';

export type RevealResult =
  | { ok: true }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'not_yours' }
  | { ok: false; code: 'revoked'; key: IssuedKey }
  | ({ ok: false; key: IssuedKey } & Exclude<RevealOutcome, { ok: true }>);

/** Shows a new key's secret to whoever `show` reaches; the listener opens the modal. */
export type ShowSecret = (secret: string, request: RequestRecord, key: IssuedKey) => Promise<void>;

/**
 * Reveal: only the requester, only once, only within the hold time. The secret goes from the
 * store straight to `show` and is deleted once shown.
 */
export async function revealKey(
  ctx: ServiceContext,
  input: { requestId: string; userId: string },
  show: ShowSecret,
): Promise<RevealResult> {
  const request = await ctx.store.get(input.requestId);
  const key = request && issuedKeyOf(request.result);
  if (request?.kind !== 'key' || !key) return { ok: false, code: 'not_found' };
  if (request.requesterId !== input.userId) return { ok: false, code: 'not_yours' };
  if (request.status === 'revoked') return { ok: false, code: 'revoked', key };
  const outcome = await ctx.keySecrets.reveal(request.id, (secret) => show(secret, request, key));
  return outcome.ok ? outcome : { ...outcome, key };
}
