// What a key request's `result` records about the key Neon issued: never the secret.

import { parseRequestId } from './request-id.ts';

/**
 * Why the bot closed a project key: its end, its owner, an unrevealed secret, or an approver
 * closing the record of a key reconciliation found already gone from Neon.
 */
export const REVOKE_REASONS = ['expiry', 'owner', 'unrevealed', 'missing'] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

export interface IssuedKey {
  keyId: number;
  keyName: string;
  projectId: string;
  /** ISO time after which the secret is deleted unrevealed. */
  revealBy: string;
  /** Set when the request moves done → revoked. */
  revokedFor?: RevokeReason;
}

/** Neon allows 64 characters; the request id in the name lets a retry find what an earlier attempt made. */
export function keyNameFor(requestId: string): string {
  return `neon-access-bot ${requestId}`;
}

/** The request a key name made by `keyNameFor` stands for; undefined for any other name. */
export function requestIdOfKeyName(name: string): string | undefined {
  const id = parseRequestId(name.slice(keyNameFor('').length));
  return id !== undefined && keyNameFor(id) === name ? id : undefined;
}

/** The issued key in a stored result, or undefined when the result is not one (yet). */
export function issuedKeyOf(result: Record<string, unknown> | null): IssuedKey | undefined {
  if (!result) return undefined;
  const { keyId, keyName, projectId, revealBy, revokedFor } = result;
  if (
    typeof keyId !== 'number' ||
    typeof keyName !== 'string' ||
    typeof projectId !== 'string' ||
    typeof revealBy !== 'string'
  ) {
    return undefined;
  }
  const reason = REVOKE_REASONS.find((r) => r === revokedFor);
  return { keyId, keyName, projectId, revealBy, ...(reason ? { revokedFor: reason } : {}) };
}
