import type { App, BlockButtonAction } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { nudge } from '../../services/nudge.ts';
import { NUDGE_ACTION, nudgeReply } from '../blocks/nudge.ts';
import { clickAnswer } from './click-answer.ts';
import { safely } from './safely.ts';

/**
 * Nudge approvers, wherever the requester sees their pending request (the ask's reply, `/neon
 * mine`, Home): every press is answered to the presser alone, with when the next one may be.
 */
export function registerNudgeButton(app: App, ctx: ServiceContext): void {
  app.action<BlockButtonAction>(NUDGE_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = clickAnswer(ctx, client, body, respond);
    await safely(ctx.log, answer, 'nudge', async () => {
      const result = await nudge(ctx, { requestId: action.value ?? '', userId: body.user.id });
      await answer({ response_type: 'ephemeral', replace_original: false, ...nudgeReply(result) });
    });
  });
}
