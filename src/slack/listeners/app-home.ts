import type { App, BlockButtonAction } from '@slack/bolt';
import { cancelRequest } from '../../services/cancel.ts';
import type { ServiceContext } from '../../services/context.ts';
import { openHome } from '../../services/home.ts';
import { revokeOwnKey } from '../../services/revoke-own-key.ts';
import { cancelReply } from '../blocks/cancel-reply.ts';
import { CANCEL_ACTION, REVOKE_ACTION } from '../blocks/home.ts';
import { revokeReply } from '../blocks/key-replies.ts';
import { clickAnswer } from './click-answer.ts';
import { safely } from './safely.ts';

/**
 * The Home tab: published when its owner opens it, and its own buttons (Approve and Deny are the
 * cards' listeners). A click that changes something needs no answer: the sync-home job that
 * commits with the change re-publishes the Home; only a refusal is told.
 */
export function registerAppHome(app: App, ctx: ServiceContext): void {
  // Bolt has acked the event already; re-publishing is harmless, so Slack's retries need no dedupe.
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await openHome(ctx, event.user);
    } catch (err) {
      ctx.log.warn(
        { err, user: event.user },
        'could not publish the Home tab; it is tried again when it is next opened',
      );
    }
  });

  app.action<BlockButtonAction>(CANCEL_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = clickAnswer(ctx, client, body, respond);
    await safely(ctx.log, answer, 'cancel from Home', async () => {
      const requestId = action.value ?? '';
      const result = await cancelRequest(ctx, { requestId, userId: body.user.id });
      if (!result.ok) await answer(cancelReply(requestId, result, ctx.config.slack.command));
    });
  });

  app.action<BlockButtonAction>(REVOKE_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = clickAnswer(ctx, client, body, respond);
    await safely(ctx.log, answer, 'revoke from Home', async () => {
      const keyId = Number(action.value);
      // The button always carries a key id; anything else is answered like a key that is not theirs.
      const result = Number.isSafeInteger(keyId)
        ? await revokeOwnKey(ctx, { userId: body.user.id, keyId })
        : ({ ok: false, code: 'not_yours', keyId } as const);
      if (!result.ok) await answer(revokeReply(result, ctx.config.slack.command));
    });
  });
}
