import type { App, BlockButtonAction } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { revealKey } from '../../services/reveal-key.ts';
import { revealRefusal } from '../blocks/key-replies.ts';
import { REVEAL_ACTION, revealModal } from '../blocks/reveal.ts';
import { safely } from './safely.ts';

/**
 * Reveal key: the secret goes into a modal opened with this click's trigger, and nowhere else.
 * If the modal cannot open, the secret stays held and the click can be repeated.
 */
export function registerRevealButton(app: App, ctx: ServiceContext): void {
  app.action<BlockButtonAction>(REVEAL_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    await safely(ctx.log, respond, 'reveal', async () => {
      const result = await revealKey(
        ctx,
        { requestId: action.value ?? '', userId: body.user.id },
        async (secret, request, key) => {
          await client.views.open({
            trigger_id: body.trigger_id,
            view: revealModal(request, key, secret, ctx.config.slack.command),
          });
        },
      );
      if (!result.ok)
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          ...revealRefusal(result, ctx.config.slack.command),
        });
    });
  });
}
