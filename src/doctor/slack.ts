import webApi, { type AuthTestResponse, type Logger } from '@slack/web-api';
import { describeError } from '../log/describe-error.ts';
import { TOKEN_PROBLEMS } from '../slack/token-refusal.ts';
import { type Check, fail, ok } from './checklist.ts';
import { REQUIRED_BOT_SCOPES } from './scopes.ts';

function slackReason(err: unknown, variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: unknown };
  if (e.code === webApi.ErrorCode.PlatformError) {
    const error = e.data?.error ?? 'unknown_error';
    return TOKEN_PROBLEMS.has(error) ? `Slack refused ${variable} (${error})` : `Slack answered ${error}`;
  }
  if (e.code === webApi.ErrorCode.HTTPError) return `Slack answered HTTP ${e.statusCode}`;
  if (e.code === webApi.ErrorCode.RequestError) return `could not reach Slack (${describeError(e.original)})`;
  return describeError(err);
}

function clientFor(token: string, apiUrl: string, logger: Logger): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, timeout: 10_000, logger });
}

/** `auth.test` proves the token; Slack reports the token's granted scopes in a header on every answer. */
export async function checkSlack(slack: { botToken: string; apiUrl: string }, logger: Logger): Promise<Check[]> {
  let auth: AuthTestResponse;
  try {
    auth = await clientFor(slack.botToken, slack.apiUrl, logger).auth.test();
  } catch (err) {
    return [fail('Slack token', slackReason(err, 'SLACK_BOT_TOKEN'))];
  }
  const checks = [ok('Slack token', `bot @${auth.user ?? '?'} in ${auth.team ?? '?'} (${auth.team_id ?? '?'})`)];
  const granted = auth.response_metadata?.scopes;
  if (!granted)
    return [...checks, fail('Slack scopes', 'Slack did not report the granted scopes (no x-oauth-scopes header)')];
  const missing = REQUIRED_BOT_SCOPES.filter((s) => !granted.includes(s));
  checks.push(
    missing.length === 0
      ? ok('Slack scopes', REQUIRED_BOT_SCOPES.join(', '))
      : fail('Slack scopes', `missing ${missing.join(', ')}: add to manifest.yml's bot scopes and reinstall the app`),
  );
  return checks;
}

/**
 * `apps.connections.open` proves the app-level token: Slack answers it with a WebSocket URL only
 * for a valid token with `connections:write`. The URL is not opened (nor printed: it is a ticket).
 */
export async function checkSocketMode(
  slack: { appToken: string | undefined; apiUrl: string },
  logger: Logger,
): Promise<Check> {
  if (!slack.appToken)
    return ok(
      'Socket Mode',
      'off (no SLACK_APP_TOKEN): HTTP mode, Slack must reach POST /slack/events at a public URL',
    );
  try {
    await clientFor(slack.appToken, slack.apiUrl, logger).apps.connections.open();
  } catch (err) {
    return fail('Socket Mode', slackReason(err, 'SLACK_APP_TOKEN'));
  }
  return ok('Socket Mode', 'SLACK_APP_TOKEN accepted: Slack offers the bot a Socket Mode connection');
}
