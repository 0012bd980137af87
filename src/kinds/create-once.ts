import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestRecord } from '../domain/request-record.ts';
import type { NeonApi } from '../neon/client.ts';
import { isUnknownOutcome } from '../neon/errors.ts';
import type { ServiceContext } from '../services/context.ts';

/** What was made, if anything: undefined when the look finds nothing. */
export type Look<T> = () => Promise<T | undefined>;

export type Created<C, F> = { created: C } | { landed: F };

const LOOKS_PER_WINDOW = 10;

/** When an earlier attempt sent a create, noted on the row before sending it (undefined: none sent). */
function noteOf(r: RequestRecord): number | undefined {
  const at = r.result?.createSentAt;
  return typeof at === 'string' ? Date.parse(at) : undefined;
}

/** Looks until the create sent at `sentAt` shows, or until it can no longer land; the last look's answer. */
async function settle<T>(neon: NeonApi, look: Look<T>, sentAt: number): Promise<T | undefined> {
  const until = sentAt + neon.settleMs;
  for (;;) {
    const found = await look();
    if (found !== undefined || Date.now() >= until) return found;
    await sleep(Math.min(neon.settleMs / LOOKS_PER_WINDOW, until - Date.now()));
  }
}

/**
 * The look before a create. After an earlier attempt's create whose answer never came (a crash, a
 * stop, a lost answer), nothing found proves nothing until that create can no longer land: until
 * then this keeps looking.
 */
export function lookFirst<T>(r: RequestRecord, neon: NeonApi, look: Look<T>): Promise<T | undefined> {
  const sentAt = noteOf(r);
  return sentAt === undefined ? look() : settle(neon, look, sentAt);
}

/**
 * Sends one create (or a removal: what lands then is the member gone), noted on the row first so
 * that no later attempt creates again while it may still land. Neon has no idempotency keys: after
 * an unknown outcome this looks until what it made shows (`landed`), or until it cannot land any
 * more, and then throws so the job's retry creates.
 */
export async function createOnce<C, F>(
  ctx: ServiceContext,
  r: RequestRecord,
  neon: NeonApi,
  create: () => Promise<C>,
  look: Look<F>,
): Promise<Created<C, F>> {
  const sentAt = Date.now();
  await ctx.store.annotate(r.id, 'executing', { result: { createSentAt: new Date(sentAt).toISOString() } });
  try {
    return { created: await create() };
  } catch (err) {
    if (!isUnknownOutcome(err)) {
      // Neon answered: nothing of this create can land later, so a retry need not wait for it.
      await ctx.store.annotate(r.id, 'executing', { result: null });
      throw err;
    }
    const landed = await settle(neon, look, sentAt);
    if (landed === undefined) throw err;
    return { landed };
  }
}
