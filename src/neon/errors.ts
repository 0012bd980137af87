export type NeonErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'invalid_response'
  | 'client';

export interface NeonErrorInit {
  kind: NeonErrorKind;
  /** HTTP status, 0 when no answer came (timeout, network) */
  status: number;
  message: string;
  code?: string;
  requestId?: string;
  retryable: boolean;
  /** Neon's operationId, e.g. `createOrganizationInvitations` */
  operation: string;
}

/**
 * Whatever went wrong talking to Neon. Carries no API key: messages are built from Neon's own
 * message or our words, and scrubbed of anything that looks like a key.
 */
export class NeonError extends Error {
  override readonly name = 'NeonError';
  readonly kind: NeonErrorKind;
  readonly status: number;
  /** Neon's free-form `code`; "" when absent. Branch on `kind`/`status`, not on this. */
  readonly code: string;
  readonly requestId: string | undefined;
  /** the same call may be sent again safely (and may then succeed) */
  readonly retryable: boolean;
  readonly operation: string;

  constructor(init: NeonErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code ?? '';
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.operation = init.operation;
  }
}

export function kindForStatus(status: number): NeonErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'server' : 'client';
}

/**
 * Neon: reads are always safe to repeat; a mutation only after 429, 503 or 423, which mean it was
 * not processed. After a timeout or a dropped connection a mutation may have happened, so the
 * caller must look before sending it again.
 */
export function isRetryable(method: string, kind: NeonErrorKind, status: number): boolean {
  if (status === 429 || status === 503 || status === 423) return true;
  if (method !== 'GET') return false;
  return kind === 'server' || kind === 'timeout' || kind === 'network';
}

/** A mutation Neon may or may not have carried out: it was sent, and no answer came (timeout, dropped connection). */
export function isUnknownOutcome(err: unknown): boolean {
  return err instanceof NeonError && err.status === 0 && (err.kind === 'timeout' || err.kind === 'network');
}

const TOKEN = /napi_[a-z0-9]+|\b[a-z0-9]{64,65}\b/gi;

/** Removes the key in use and anything shaped like a Neon key. */
export function redact(text: string, apiKey: string): string {
  const withoutKey = apiKey ? text.split(apiKey).join('[redacted]') : text;
  return withoutKey.replace(TOKEN, '[redacted]');
}
