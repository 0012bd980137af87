import type { App, BlockButtonAction } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { checkDecider, decide } from '../../services/decide.ts';
import { retryRequest } from '../../services/retry.ts';
import { breakGlassModal } from '../blocks/break-glass-modal.ts';
import { APPROVE_ACTION, DENY_ACTION, RETRY_ACTION } from '../blocks/card.ts';
import { denyModal } from '../blocks/deny-modal.ts';
import { decideReply, retryReply } from '../blocks/replies.ts';
import { clickAnswer } from './click-answer.ts';
import { safely } from './safely.ts';

/**
 * Approve decides at once (on one's own request, with break-glass on, it opens a reason form); Deny first checks the clicker, then asks for an optional reason in a
 * modal; Retry (on a failed card) sends the request back to the executor. Approve and Deny are
 * on the Home tab too, where a click has no response_url: refusals go through `clickAnswer`.
 */
export function registerDecisionButtons(app: App, ctx: ServiceContext): void {
  app.action<BlockButtonAction>(APPROVE_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = clickAnswer(ctx, client, body, respond);
    await safely(ctx.log, answer, 'approve', async () => {
      const result = await decide(ctx, { requestId: action.value ?? '', deciderId: body.user.id, decision: 'approve' });
      if (!result.ok && result.code === 'break_glass') {
        const modal = breakGlassModal(result.request, ctx.config.policy.breakGlass.minReasonLength);
        return void (await client.views.open({ trigger_id: body.trigger_id, view: modal }));
      }
      if (!result.ok) await answer({ response_type: 'ephemeral', replace_original: false, ...decideReply(result) });
    });
  });

  app.action<BlockButtonAction>(DENY_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = clickAnswer(ctx, client, body, respond);
    await safely(ctx.log, answer, 'deny', async () => {
      const check = await checkDecider(ctx, action.value ?? '', body.user.id);
      if (!check.ok)
        return void (await answer({ response_type: 'ephemeral', replace_original: false, ...decideReply(check) }));
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
