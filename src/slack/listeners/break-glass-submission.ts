import type { App } from '@slack/bolt';
import { breakGlassApprove, breakGlassReasonTooShort } from '../../services/break-glass.ts';
import type { ServiceContext } from '../../services/context.ts';
import { BREAK_GLASS_ACTION, BREAK_GLASS_BLOCK, BREAK_GLASS_VIEW } from '../blocks/break-glass-modal.ts';
import { breakGlassReply } from '../blocks/replies.ts';

/** The break-glass form's submit: a short reason shows in the form; otherwise it closes and the approval follows. */
export function registerBreakGlassSubmission(app: App, ctx: ServiceContext): void {
  app.view(BREAK_GLASS_VIEW, async ({ ack, body, view }) => {
    const reason = view.state.values[BREAK_GLASS_BLOCK]?.[BREAK_GLASS_ACTION]?.value ?? '';
    if (breakGlassReasonTooShort(ctx, reason)) {
      const min = ctx.config.policy.breakGlass.minReasonLength;
      return void (await ack({
        response_action: 'errors',
        errors: { [BREAK_GLASS_BLOCK]: `Say why in at least ${min} characters: everyone will read it.` },
      }));
    }
    await ack();
    try {
      const result = await breakGlassApprove(ctx, {
        requestId: view.private_metadata,
        deciderId: body.user.id,
        reason,
      });
      if (!result.ok) await ctx.surface.dm(body.user.id, breakGlassReply(result));
    } catch (err) {
      ctx.log.error({ err }, 'break-glass approval failed');
      await ctx.surface.dm(body.user.id, {
        text: 'Your break-glass approval could not be saved; nothing was changed. Please click Approve again.',
      });
    }
  });
}
