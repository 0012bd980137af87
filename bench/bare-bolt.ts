import { App } from '@slack/bolt';
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { eventually } from '../test/support/eventually.ts';

interface Running {
  port: number;
  stop(): Promise<void>;
}

/**
 * The baseline: the best the bot could be. A Bolt app with the same receiver, signature check and
 * Web API client setup, whose /neon listener only acks.
 */
export async function startBareBolt(opts: { token: string; signingSecret: string; slackApiUrl: string }): Promise<Running> {
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

/** The same app as a process of its own (for its RSS), started the way the bench starts the bot. */
export async function startBareBoltProcess(env: Record<string, string | undefined>): Promise<Running & { pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-bolt.ts'], {
    cwd: new URL('../', import.meta.url).pathname,
    env: { ...process.env, ...env } as NodeJS.ProcessEnv,
  });
  let port = 0;
  child.stdout.on('data', (d: Buffer) => (port ||= Number(/"port":(\d+)/.exec(d.toString())?.[1] ?? 0)));
  await eventually(() => port > 0, 20_000, 'the bare Bolt process');
  return {
    port,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

// Run alone: `tsx bench/bare-bolt.ts`, with the same variables the bot reads.
if (import.meta.url === `file://${process.argv[1]}`) {
  const bare = await startBareBolt({
    token: process.env.SLACK_BOT_TOKEN!,
    signingSecret: process.env.SLACK_SIGNING_SECRET!,
    slackApiUrl: process.env.SLACK_API_URL!,
  });
  process.stdout.write(`${JSON.stringify({ msg: 'bare bolt is up', port: bare.port })}\n`);
  process.on('SIGTERM', () => void bare.stop().then(() => process.exit(0)));
}
