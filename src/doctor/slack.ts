import webApi, { type AuthTestResponse, type Logger } from '@slack/web-api';
import type { Config } from '../config.ts';
import { fail, ok, reasonOf, type Check } from './checklist.ts';
import { REQUIRED_BOT_SCOPES } from './scopes.ts';

const TOKEN_PROBLEMS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

function slackReason(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: unknown };
  if (e.code === webApi.ErrorCode.PlatformError) {
    const error = e.data?.error ?? 'unknown_error';
    return TOKEN_PROBLEMS.has(error) ? `Slack refused SLACK_BOT_TOKEN (${error})` : `Slack answered ${error}`;
  }
  if (e.code === webApi.ErrorCode.HTTPError) return `Slack answered HTTP ${e.statusCode}`;
  if (e.code === webApi.ErrorCode.RequestError) return `could not reach Slack (${reasonOf(e.original)})`;
  return reasonOf(err);
}

/** `auth.test` proves the token; Slack reports the token's granted scopes in a header on every answer. */
export async function checkSlack(slack: Config['slack'], logger: Logger): Promise<Check[]> {
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger,
  });
  let auth: AuthTestResponse;
  try {
    auth = await client.auth.test();
  } catch (err) {
    return [fail('Slack token', slackReason(err))];
  }
  const checks = [ok('Slack token', `bot @${auth.user ?? '?'} in ${auth.team ?? '?'} (${auth.team_id ?? '?'})`)];
  const granted = auth.response_metadata?.scopes;
  if (!granted) return [...checks, fail('Slack scopes', 'Slack did not report the granted scopes (no x-oauth-scopes header)')];
  const missing = REQUIRED_BOT_SCOPES.filter((s) => !granted.includes(s));
  checks.push(
    missing.length === 0
      ? ok('Slack scopes', REQUIRED_BOT_SCOPES.join(', '))
      : fail('Slack scopes', `missing ${missing.join(', ')}: add to manifest.yml's bot scopes and reinstall the app`),
  );
  return checks;
}
