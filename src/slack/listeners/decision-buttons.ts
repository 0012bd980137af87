import type { App, BlockButtonAction } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { checkDecider, decide } from '../../services/decide.ts';
import { retryRequest } from '../../services/retry.ts';
import { APPROVE_ACTION, DENY_ACTION, RETRY_ACTION } from '../blocks/card.ts';
import { denyModal } from '../blocks/deny-modal.ts';
import { decideReply, retryReply } from '../blocks/replies.ts';
import { safely } from './safely.ts';

/**
 * Approve decides at once; Deny first checks the clicker, then asks for an optional reason in a
 * modal; Retry (on a failed card) sends the request back to the executor.
 */
export function registerDecisionButtons(app: App, ctx: ServiceContext): void {
  app.action<BlockButtonAction>(APPROVE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    await safely(ctx.log, respond, 'approve', async () => {
      const result = await decide(ctx, { requestId: action.value ?? '', deciderId: body.user.id, decision: 'approve' });
      if (!result.ok) await respond({ response_type: 'ephemeral', replace_original: false, ...decideReply(result) });
    });
  });

  app.action<BlockButtonAction>(DENY_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    await safely(ctx.log, respond, 'deny', async () => {
      const check = await checkDecider(ctx, action.value ?? '', body.user.id);
      if (!check.ok) return void (await respond({ response_type: 'ephemeral', replace_original: false, ...decideReply(check) }));
      await client.views.open({ trigger_id: body.trigger_id, view: denyModal(check.request.id) });
    });
  });

  app.action<BlockButtonAction>(RETRY_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    await safely(ctx.log, respond, 'retry', async () => {
      const result = await retryRequest(ctx, action.value ?? '', body.user.id);
      if (!result.ok) await respond({ response_type: 'ephemeral', replace_original: false, ...retryReply(result) });
    });
  });
}
