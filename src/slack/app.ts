import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute } from '@slack/bolt';
import webApi, { type WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.ts';
import { serveRoutes } from '../http/serve-routes.ts';
import { boltLogger } from '../log/bolt-logger.ts';
import type { Logger } from '../log/logger.ts';
import { requestScope } from './request-scope.ts';
import { refusedAtStart } from './token-refusal.ts';

export interface SlackAppOptions {
  config: Config;
  log: Logger;
  /** Served on PORT: next to /slack/events in HTTP mode, alone in Socket Mode. */
  routes: CustomRoute[];
  /** Tests shorten retries and timeouts; production keeps the defaults below. */
  clientOptions?: WebClientOptions;
}

/** Bolt in HTTP mode (POST /slack/events, signature-checked) or Socket Mode when an app token is set. */
export function createSlackApp({ config, log, routes, clientOptions }: SlackAppOptions): App {
  const common = {
    token: config.slack.botToken,
    // Otherwise the constructor fires auth.test and nobody awaits it: a refused token became an
    // unhandled rejection that killed the process before it could stop its database.
    deferInitialization: true,
    logger: boltLogger(log),
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      // A few quick retries: Slack's 429s carry Retry-After, which the client honours.
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
      timeout: 10_000,
      ...clientOptions,
    },
  };
  const app = config.slack.appToken
    ? new App({
        ...common,
        socketMode: true,
        appToken: config.slack.appToken,
        // The Socket Mode client makes its own Web API call (apps.connections.open, with the app
        // token); it keeps its own reconnect-friendly retries, but must reach the same Slack.
        installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } },
      })
    : new App({
        ...common,
        customRoutes: routes,
        signingSecret: config.slack.signingSecret!,
        endpoints: '/slack/events',
      });
  app.use(requestScope);
  return app;
}

/** Proves the bot token with Slack (auth.test) before anything is started on it. */
export async function initSlackApp(app: App): Promise<void> {
  await app.init().catch((err: unknown) => {
    throw refusedAtStart(err, 'SLACK_BOT_TOKEN');
  });
}

export interface RunningSlackApp {
  /** The HTTP port actually bound (PORT=0 picks a free one). */
  port: number;
  stop(): Promise<void>;
}

/** Starts taking Slack's requests (POST /slack/events, or the Socket Mode connection) and serving the routes. */
export async function startSlackApp(app: App, { config, routes }: SlackAppOptions): Promise<RunningSlackApp> {
  if (!config.slack.appToken) {
    // HTTPReceiver resolves with its http.Server.
    const server = (await app.start(config.slack.port)) as Server;
    return {
      port: (server.address() as AddressInfo).port,
      async stop() {
        await app.stop();
      },
    };
  }
  const server = await serveRoutes(routes, config.slack.port);
  // Resolves once Slack (or a stand-in) said hello on the WebSocket.
  await app.start().catch(async (err: unknown) => {
    await server.close();
    throw refusedAtStart(err, 'SLACK_APP_TOKEN');
  });
  return {
    port: server.port,
    async stop() {
      await app.stop();
      await server.close();
    },
  };
}
