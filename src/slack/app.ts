import { App, type CustomRoute } from '@slack/bolt';
import webApi, { type WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.ts';
import { boltLogger } from '../log/bolt-logger.ts';
import type { Logger } from '../log/logger.ts';

export interface SlackAppOptions {
  config: Config;
  log: Logger;
  routes: CustomRoute[];
  /** Tests shorten retries and timeouts; production keeps the defaults below. */
  clientOptions?: WebClientOptions;
}

/** Bolt in HTTP mode (POST /slack/events, signature-checked) or Socket Mode when an app token is set. */
export function createSlackApp({ config, log, routes, clientOptions }: SlackAppOptions): App {
  const common = {
    token: config.slack.botToken,
    logger: boltLogger(log),
    customRoutes: routes,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      // A few quick retries: Slack's 429s carry Retry-After, which the client honours.
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
      timeout: 10_000,
      ...clientOptions,
    },
  };
  if (config.slack.appToken) {
    return new App({ ...common, socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.slack.port } });
  }
  return new App({ ...common, signingSecret: config.slack.signingSecret!, endpoints: '/slack/events' });
}
