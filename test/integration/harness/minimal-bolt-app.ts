/**
 * A tiny real Bolt app, standing in for the bot, to prove the harness against Bolt itself:
 * `/neon` acks then opens a modal and posts a card; the card's button updates it; the modal
 * validates its input; an options load; App Home on `app_home_opened`.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type webApi } from '@slack/bolt';
import type { FakeSlack } from '../../../sandbox/slack/index.ts';

export const SIGNING_SECRET = 'harness-signing-secret';
export const BOT_TOKEN = 'xoxb-harness-token';
export const CARD_CHANNEL = 'C0CARDS';

export interface RunningApp {
  url: string;
  /** Errors that reached Bolt's global error handler. */
  errors: unknown[];
  stop(): Promise<void>;
}

const requestModal = {
  type: 'modal' as const,
  callback_id: 'request_modal',
  title: { type: 'plain_text' as const, text: 'Request access' },
  submit: { type: 'plain_text' as const, text: 'Submit' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'reason',
      label: { type: 'plain_text' as const, text: 'Why?' },
      element: { type: 'plain_text_input' as const, action_id: 'reason_input' },
    },
    {
      type: 'input' as const,
      block_id: 'project',
      label: { type: 'plain_text' as const, text: 'Project' },
      element: { type: 'external_select' as const, action_id: 'pick_project', min_query_length: 1 },
    },
  ],
};

function card(text: string, userId: string, headerText: string) {
  return [
    { type: 'header', block_id: 'title', text: { type: 'plain_text', text: headerText } },
    { type: 'section', block_id: 'body', text: { type: 'mrkdwn', text: `<@${userId}> asks: ${text}` } },
    {
      type: 'actions',
      block_id: 'decide',
      elements: [
        {
          type: 'button',
          action_id: 'approve',
          text: { type: 'plain_text', text: 'Approve' },
          value: 'req-1',
          style: 'primary',
        },
      ],
    },
  ];
}

function register(app: App): void {
  app.command('/neon', async ({ ack, command, client, respond }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: requestModal });
    // `long-header` makes the card break Slack's 150-char header limit.
    const header = command.text === 'long-header' ? 'x'.repeat(151) : 'Access request';
    await client.chat.postMessage({
      channel: CARD_CHANNEL,
      text: `Request: ${command.text}`,
      blocks: card(command.text, command.user_id, header),
    });
    if (command.text === 'respond') await respond({ text: 'Got it, only you can see this' });
  });

  app.action('approve', async ({ ack, body, client }) => {
    await ack();
    if (body.type !== 'block_actions' || !body.message || !body.channel) return;
    await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: 'Approved', blocks: [] });
  });

  app.view('request_modal', async ({ ack, view }) => {
    const reason = view.state.values.reason?.reason_input?.value ?? '';
    if (reason.trim() === '') await ack({ response_action: 'errors', errors: { reason: 'Tell us why' } });
    else await ack();
  });

  app.options('pick_project', async ({ ack, options }) => {
    const query = options.value;
    await ack({ options: [{ text: { type: 'plain_text', text: `project ${query}` }, value: `p-${query}` }] });
  });

  app.event('app_home_opened', async ({ event, client, context }) => {
    const text = `Welcome <@${event.user}> (retry ${context.retryNum ?? 0})`;
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
    });
  });
}

export async function startMinimalApp(
  fake: FakeSlack,
  clientOptions: webApi.WebClientOptions = {},
): Promise<RunningApp> {
  const errors: unknown[] = [];
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, timeout: 5_000, ...clientOptions },
  });
  app.error(async (error) => {
    errors.push(error);
  });
  register(app);
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    stop: async () => {
      await app.stop();
    },
  };
}
