import { webApi } from '@slack/bolt';
import type { FakeSlack } from '../../sandbox/slack/index.ts';

/** The real Web API client on the fake Slack; quiet and without retries, since refusals are what tests provoke. */
export function clientOn(
  fake: FakeSlack,
  token: string | undefined,
  options: webApi.WebClientOptions = {},
): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
    ...options,
  });
}
