import type { App } from '@slack/bolt';
import { afterConnect, type ConnectResult, connectAdminKey } from '../../services/admin-keys.ts';
import type { ServiceContext } from '../../services/context.ts';
import { ADMIN_CONNECT_VIEW, connectedView, KEY_ACTION, KEY_BLOCK } from '../blocks/admin-connect-modal.ts';
import { CONNECT_FAILED, connectRefusal } from '../blocks/admin-key-replies.ts';

/**
 * The connect modal's submit. Unlike other listeners this one answers only after the work, since
 * a refusal must appear in the modal itself (`response_action: errors`); the service keeps the
 * checks inside Slack's 3 s. What follows a success (audit, waiting approvals) runs after the answer.
 */
export function registerAdminConnectSubmission(app: App, ctx: ServiceContext): void {
  app.view(ADMIN_CONNECT_VIEW, async ({ ack, body, view }) => {
    const userId = body.user.id;
    let result: ConnectResult;
    try {
      result = await connectAdminKey(ctx, { userId, key: view.state.values[KEY_BLOCK]?.[KEY_ACTION]?.value ?? '' });
    } catch (err) {
      ctx.log.error({ err, user: userId }, 'connecting an admin key failed');
      return void (await ack({ response_action: 'errors', errors: { [KEY_BLOCK]: CONNECT_FAILED } }));
    }
    if (!result.ok)
      return void (await ack({ response_action: 'errors', errors: { [KEY_BLOCK]: connectRefusal(result) } }));
    await ack({ response_action: 'update', view: connectedView(result.neonEmail, result.waiting.length) });
    await afterConnect(ctx, userId, result).catch((err: unknown) =>
      ctx.log.error({ err, user: userId }, 'after connecting an admin key'),
    );
  });
}
