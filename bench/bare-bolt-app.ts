/**
 * The baseline: the best the bot could be. A Bolt app with the same receiver, signature check and
 * Web API client setup, whose /neon listener acks and then answers by response_url, as
 * `/neon help` must. It imports nothing but Bolt, so the bench compiles it alone and runs it as
 * plain JavaScript, as the bot's build runs.
 */

import type { Server } from 'node:http';
import { App } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN!,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  endpoints: '/slack/events',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL!, retryConfig: { retries: 0 } },
});
app.command('/neon', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'Usage: /neon help' });
});
const server = (await app.start(0)) as Server;
const address = server.address();
process.stdout.write(
  `${JSON.stringify({ msg: 'bare bolt is up', port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
