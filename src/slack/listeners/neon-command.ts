import type { App } from '@slack/bolt';
import { parseCommand } from '../../domain/command.ts';
import { askInvite } from '../../services/ask-invite.ts';
import type { ServiceContext } from '../../services/context.ts';
import { helpMessage, notYetReply } from '../blocks/help.ts';
import { askReply, errorReply } from '../blocks/replies.ts';
import { safely } from './safely.ts';

/** `/neon …`: ack at once (Slack allows 3 s), then parse → service → reply by response_url. */
export function registerNeonCommand(app: App, ctx: ServiceContext): void {
  app.command('/neon', async ({ command, ack, respond }) => {
    await ack();
    await safely(ctx.log, respond, '/neon', async () => {
      const parsed = parseCommand(command.text);
      if (!parsed.ok) return void (await respond(errorReply(parsed.message)));
      const cmd = parsed.command;
      switch (cmd.name) {
        case 'help':
          return void (await respond(helpMessage(cmd.topic)));
        case 'invite':
          return void (await respond(askReply(await askInvite(ctx, { requesterId: command.user_id, role: cmd.role, reason: cmd.reason }))));
        default:
          return void (await respond(notYetReply(cmd.name)));
      }
    });
  });
}
