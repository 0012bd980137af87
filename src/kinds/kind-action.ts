import type { RequestRecord } from '../domain/request-record.ts';
import type { NeonApi } from '../neon/client.ts';
import type { ServiceContext } from '../services/context.ts';
import type { NotEligible } from '../services/eligibility.ts';
import type { Within } from '../store/requests.ts';

export interface Performed {
  /** Stored in requests.result and shown on the card; never a secret. */
  result: Record<string, unknown>;
  /** For time-limited grants: when the grant ends (counted from the moment Neon applied it). */
  grantExpiresAt?: Date;
  /** Work that commits with the success, in its transaction; an ActionRefused thrown there fails the request instead. */
  within?: Within;
}

/**
 * A kind's work in Neon, in two halves so that its reads overlap the execution's start: `look`
 * may run before the request is `executing` and so must write nothing, in Neon or on the row;
 * `act` runs once the start has committed, with what `look` found, and does every write.
 */
export interface NeonStep<L> {
  /** Reads what an earlier attempt or someone else already made; waits out a create that may still land. */
  look(ctx: ServiceContext, neon: NeonApi, request: RequestRecord): Promise<L>;
  /** Creates (or changes) what `looked` shows is missing. */
  act(ctx: ServiceContext, neon: NeonApi, request: RequestRecord, looked: L): Promise<Performed>;
}

/** What one kind of request does in Neon; every step looks before it creates. */
export interface KindAction<L = unknown> {
  /**
   * Why an approved request no longer qualifies, asked of Slack just before it runs (an account may
   * be deactivated, or a profile email changed, between the ask and the approval), with the checks
   * the ask made; undefined when it still does. Worded for the card and the requester's DM.
   */
  recheck(ctx: ServiceContext, request: RequestRecord): Promise<string | undefined>;
  /** Carries it out in Neon, with the approver's key (or the fallback). */
  perform?: NeonStep<L>;
  /** Instead of perform, for a kind that changes only the bot's own records: no Neon call, so no Neon key. */
  apply?(ctx: ServiceContext, request: RequestRecord): Promise<Performed>;
  /**
   * Ends a time-limited grant (revoke the key, restore the role); absent for lasting ones. `by`: the
   * holder who ends it early (End now), else the bot at its end.
   */
  end?(ctx: ServiceContext, request: RequestRecord, by?: string): Promise<void>;
}

/**
 * The action cannot be carried out, for a reason the people involved can act on (Neon refused,
 * the person left the org). Not retried; the message is shown as written on the card and in the DM.
 */
export class ActionRefused extends Error {
  override readonly name = 'ActionRefused';
}

/** The start of a recheck's refusal when the requester's own account no longer qualifies. */
export function requesterGone(e: NotEligible): string {
  return e.deactivated
    ? "The requester's Slack account has been deactivated since they asked"
    : 'The requester is no longer a full member of the Slack workspace (a guest or bot account now)';
}
