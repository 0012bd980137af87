import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { disconnectAdminKey, mayConnect } from '../../services/admin-keys.ts';
import type { ServiceContext } from '../../services/context.ts';
import { connectModal } from '../blocks/admin-connect-modal.ts';
import { connectRefusal, disconnectReply } from '../blocks/admin-key-replies.ts';

export interface AdminKeyCommand {
  userId: string;
  triggerId: string;
  client: WebClient;
  respond: RespondFn;
}

/**
 * `/neon admin connect|disconnect`, after the /neon listener's ack. Connect opens its modal at
 * once: the trigger is good for 3 s, so only the quick who-may checks come before it.
 */
export async function adminKeyCommand(
  ctx: ServiceContext,
  action: 'connect' | 'disconnect',
  c: AdminKeyCommand,
): Promise<void> {
  if (action === 'disconnect') return void (await c.respond(disconnectReply(await disconnectAdminKey(ctx, c.userId))));
  const allowed = await mayConnect(ctx, c.userId);
  if (!allowed.ok) return void (await c.respond({ text: connectRefusal(allowed) }));
  await c.client.views.open({ trigger_id: c.triggerId, view: connectModal(ctx.config.slack.command) });
}
