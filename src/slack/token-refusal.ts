import webApi from '@slack/web-api';
import { OperatorError } from '../operator-error.ts';

/** Slack's answers that mean the token itself is wrong, not that Slack failed this once. */
export const TOKEN_PROBLEMS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);

export type TokenVariable = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';

/**
 * Slack's error code when `err` is Slack refusing the token. Matched by shape, not by class: the
 * Socket Mode client may bring its own copy of @slack/web-api.
 */
export function tokenRefusal(err: unknown): string | undefined {
  const e = err as { code?: unknown; data?: { error?: unknown } } | undefined;
  const error = e?.code === webApi.ErrorCode.PlatformError ? e.data?.error : undefined;
  return typeof error === 'string' && TOKEN_PROBLEMS.has(error) ? error : undefined;
}

/** At start, a refused token is the operator's to fix: the line that says so; any other error as it was. */
export function refusedAtStart(err: unknown, variable: TokenVariable): unknown {
  const code = tokenRefusal(err);
  return code ? new OperatorError(`Slack refused ${variable} (${code}): run npm run doctor`, { cause: err }) : err;
}
