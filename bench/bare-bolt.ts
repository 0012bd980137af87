import { App } from '@slack/bolt';
import type { Server } from 'node:http';

/**
 * The baseline: the best the bot could be. A Bolt app with the same receiver, signature check and
 * Web API client setup, whose /neon listener only acks.
 */
export async function startBareBolt(opts: { token: string; signingSecret: string; slackApiUrl: string }): Promise<{ port: number; stop(): Promise<void> }> {
  const app = new App({
    token: opts.token,
    signingSecret: opts.signingSecret,
    endpoints: '/slack/events',
    clientOptions: { slackApiUrl: opts.slackApiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/neon', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, stop: async () => void (await app.stop()) };
}

// Run alone (for its RSS): `tsx bench/bare-bolt.ts`, with the same variables the bot reads.
if (import.meta.url === `file://${process.argv[1]}`) {
  const bare = await startBareBolt({
    token: process.env.SLACK_BOT_TOKEN!,
    signingSecret: process.env.SLACK_SIGNING_SECRET!,
    slackApiUrl: process.env.SLACK_API_URL!,
  });
  process.stdout.write(`${JSON.stringify({ msg: 'bare bolt is up', port: bare.port })}\n`);
  process.on('SIGTERM', () => void bare.stop().then(() => process.exit(0)));
}
