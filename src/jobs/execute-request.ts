import type { JobRun } from '../app/ports.ts';
import { needsOwnKey, SYSTEM_ACTOR } from '../domain/request.ts';
import type { RequestPatch, RequestRecord } from '../domain/request-record.ts';
import { failpoint } from '../failpoint.ts';
import { grantJobs } from '../kinds/grant-jobs.ts';
import { ActionRefused, type KindAction, type Performed } from '../kinds/kind-action.ts';
import { KIND_ACTIONS } from '../kinds/kinds.ts';
import type { NeonApi } from '../neon/client.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Within } from '../store/requests.ts';
import { type MoveInput, move } from '../transitions/move.ts';

const TRANSIENT = new Set(['timeout', 'network', 'server', 'rate_limited']);

const noKey = (slash: string) =>
  `no Neon key to act with. The approver can connect their own with \`${slash} admin connect\`, or an operator can set NEON_API_KEY.`;

/** A kind that runs only with the approving admin's own key (a removal) waits for that key alone. */
const noOwnKey = (slash: string) =>
  `a removal runs only with the approving admin's own Neon key: Neon refuses it to an organization API key, so the shared NEON_API_KEY is never used for it. The approving admin can connect theirs with \`${slash} admin connect\`, and it runs then.`;

/**
 * Carries out one approved request in Neon, as a durable job. Safe to run more than once: only
 * the run that moves it approved → executing acts (or the retry of that same job, resuming after
 * its worker died), and the Neon step itself looks before it creates. Never twice at once: a
 * retry made while the first attempt still runs (its heartbeat went unheard through a database
 * outage) waits for it, since looking first cannot see a creation still in flight.
 */
export async function executeRequest(ctx: ServiceContext, run: JobRun): Promise<void> {
  const lock = executionLock(run.data.requestId);
  if (!(await ctx.runLocks.tryLock(lock))) {
    // The attempt holding it records the outcome; a last attempt has nothing left to wait for.
    if (run.isLastAttempt) return;
    throw new Error(`request ${run.data.requestId} is being carried out by another attempt; retrying later`);
  }
  try {
    await carryOut(ctx, run);
  } finally {
    await ctx.runLocks.unlock(lock);
  }
}

/** Held by the attempt carrying the request out, for as long as it runs (and freed if its process dies). */
export const executionLock = (requestId: string) => `execute-request:${requestId}`;

async function carryOut(ctx: ServiceContext, run: JobRun): Promise<void> {
  const { requestId } = run.data;
  const current = await ctx.store.get(requestId);
  const resuming = run.isRetry && current?.status === 'executing';
  if (!current || (current.status !== 'approved' && !resuming)) return;
  const action = KIND_ACTIONS[current.kind];
  // Slack is asked while the key is read: neither needs the other. Checked before the start, so a
  // retry after Slack trouble checks again; a resumed run was checked by its first.
  const rechecked = resuming ? Promise.resolve(undefined) : recheck(ctx, run, current);
  rechecked.catch(() => undefined); // no key: its answer is not wanted
  // A kind that changes only the bot's records (an extension) needs no Neon key.
  const key = action.apply ? null : await ctx.keys.forApprover(current.decidedBy ?? '', current.kind);
  if (key === undefined) {
    const error = (needsOwnKey(current.kind) ? noOwnKey : noKey)(ctx.config.slack.command);
    if (resuming) await finish(ctx, requestId, 'fail', { error }, { error });
    else {
      if (await ctx.store.annotate(requestId, 'approved', { error })) await ctx.jobs.send('sync-cards', { requestId });
    }
    return;
  }
  const neon = key ? ctx.neon.forKey(key.key, { requestId }) : undefined;
  let looking: Promise<unknown> | undefined;
  if (!resuming) {
    const refusal = await rechecked;
    // The kind's reads in Neon go out while the start commits (they write nothing); a request that
    // no longer qualifies is read nothing for.
    if (!refusal && neon && action.perform) {
      looking = action.perform.look(ctx, neon, current);
      looking.catch(() => undefined); // awaited below, or not wanted when the start is lost
    }
    const started = await move(ctx, {
      id: requestId,
      event: 'start',
      actorId: SYSTEM_ACTOR,
      patch: { executedWith: key?.owner ?? null, error: null },
      detail: key ? { keyOwner: key.owner } : {},
    });
    if (!started.ok) return void (await looking?.catch(() => undefined));
    if (refusal) return finish(ctx, requestId, 'fail', { error: refusal }, { error: refusal });
  }

  try {
    const { result, grantExpiresAt, within } = await carryOutStep(ctx, action, current, neon, looking);
    failpoint('after-neon');
    // A grant's clock starts now that it is applied; its end and its holder's warnings commit with it.
    const grantStartedAt = grantExpiresAt ? new Date() : undefined;
    await finish(
      ctx,
      requestId,
      'succeed',
      { result, executedWith: key?.owner ?? null, grantExpiresAt, grantStartedAt },
      result,
      within,
      (r) => grantJobs(r, ctx.config.grantWarningsMs),
    );
  } catch (err) {
    // Transient trouble (Neon unreachable or overloaded, the database gone) is the job's to retry,
    // with backoff, until its last try; the retry looks before it creates, so nothing is doubled.
    // A refusal (Neon said no, or there is nothing to act on) is final at once, like a 4xx.
    const final = err instanceof ActionRefused || (err instanceof NeonError && !TRANSIENT.has(err.kind));
    if (!run.isLastAttempt && !final) throw err;
    if (!final && !(err instanceof NeonError)) ctx.log.error({ err, requestId }, 'unexpected error while executing');
    if (key && err instanceof NeonError && err.kind === 'unauthorized')
      await ctx.keys.reportUnauthorized(key, requestId);
    const message =
      err instanceof ActionRefused
        ? err.message
        : err instanceof NeonError
          ? `Neon answered: ${err.message}`
          : 'an unexpected error (see the bot logs)';
    await finish(ctx, requestId, 'fail', { error: message }, { error: message });
  }
}

/** The kind's own step: in Neon with the chosen key (after its look, begun already or now), or in the bot's records alone. */
async function carryOutStep(
  ctx: ServiceContext,
  action: KindAction,
  r: RequestRecord,
  neon: NeonApi | undefined,
  looking: Promise<unknown> | undefined,
): Promise<Performed> {
  if (action.apply) return action.apply(ctx, r);
  if (!action.perform || !neon) throw new Error(`request kind ${r.kind} has no step to carry out`);
  return action.perform.act(ctx, neon, r, await (looking ?? action.perform.look(ctx, neon, r)));
}

/** Why the request no longer qualifies (see recheck.ts); Slack trouble is retried, and on the last try fails the request. */
async function recheck(ctx: ServiceContext, run: JobRun, r: RequestRecord): Promise<string | undefined> {
  try {
    return await KIND_ACTIONS[r.kind].recheck(ctx, r);
  } catch (err) {
    if (!run.isLastAttempt) throw err;
    ctx.log.warn({ err, requestId: r.id }, 'could not check in Slack that the request still qualifies');
    return 'Slack could not be asked whether the request still qualifies, so nothing was done in Neon. An approver can retry it.';
  }
}

async function finish(
  ctx: ServiceContext,
  id: string,
  event: 'succeed' | 'fail',
  patch: RequestPatch,
  detail: Record<string, unknown>,
  within?: Within,
  jobs?: MoveInput['jobs'],
): Promise<void> {
  const moved = await move(ctx, { id, event, actorId: SYSTEM_ACTOR, patch, detail, within, jobs });
  if (!moved.ok) throw new Error(`request ${id} left executing unexpectedly (${moved.code})`);
}
