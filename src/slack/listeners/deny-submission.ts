import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { decide } from '../../services/decide.ts';
import { DENY_NOTE_ACTION, DENY_NOTE_BLOCK, DENY_VIEW } from '../blocks/deny-modal.ts';
import { decideReply } from '../blocks/replies.ts';

/** The Deny modal's submit: closes at once, then decides; a refusal reaches the approver by DM. */
export function registerDenySubmission(app: App, ctx: ServiceContext): void {
  app.view(DENY_VIEW, async ({ ack, body, view }) => {
    await ack();
    const note = view.state.values[DENY_NOTE_BLOCK]?.[DENY_NOTE_ACTION]?.value ?? undefined;
    try {
      const result = await decide(ctx, {
        requestId: view.private_metadata,
        deciderId: body.user.id,
        decision: 'deny',
        note: note ?? undefined,
      });
      if (!result.ok) await ctx.surface.dm(body.user.id, decideReply(result));
    } catch (err) {
      ctx.log.error({ err }, 'deny failed');
      await ctx.surface.dm(body.user.id, {
        text: 'Your denial could not be saved; nothing was changed. Please click Deny again.',
      });
    }
  });
}
