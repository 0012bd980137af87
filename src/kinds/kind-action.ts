import type { RequestRecord } from '../domain/request-record.ts';
import type { NeonApi } from '../neon/client.ts';
import type { ServiceContext } from '../services/context.ts';

export interface Performed {
  /** Stored in requests.result and shown on the card; never a secret. */
  result: Record<string, unknown>;
  /** For time-limited grants: when the grant ends (counted from the moment Neon applied it). */
  grantExpiresAt?: Date;
}

/** What one kind of request does in Neon; every step looks before it creates. */
export interface KindAction {
  perform(ctx: ServiceContext, neon: NeonApi, request: RequestRecord): Promise<Performed>;
  /** Ends a time-limited grant (revoke the key, restore the role); absent for lasting ones. */
  end?(ctx: ServiceContext, request: RequestRecord): Promise<void>;
}

/**
 * The action cannot be carried out, for a reason the people involved can act on (Neon refused,
 * the person left the org). Not retried; the message is shown as written on the card and in the DM.
 */
export class ActionRefused extends Error {
  override readonly name = 'ActionRefused';
}
