import type { App, BlockButtonAction, ViewOutput } from '@slack/bolt';
import { MAX_REASON_LENGTH } from '../../domain/command-grammar.ts';
import { parseDuration } from '../../domain/duration.ts';
import { truncate } from '../../domain/truncate.ts';
import { askExtend, grantToExtend } from '../../services/ask-extend.ts';
import type { ServiceContext } from '../../services/context.ts';
import { endGrantNow } from '../../services/end-grant-now.ts';
import {
  EXTEND_DURATION_ACTION,
  EXTEND_DURATION_BLOCK,
  EXTEND_REASON_ACTION,
  EXTEND_REASON_BLOCK,
  EXTEND_VIEW,
  extendModal,
} from '../blocks/extend-modal.ts';
import { endNowReply, extendAskReply } from '../blocks/extend-replies.ts';
import { END_NOW_ACTION, EXTEND_ACTION } from '../blocks/grant-buttons.ts';
import { unavailableReply } from '../blocks/replies.ts';
import { clickAnswer } from './click-answer.ts';
import { safely } from './safely.ts';

type Values = ViewOutput['state']['values'];

/**
 * Extend… and End now, wherever a grant is shown (the warning DM, `mine`, the Home tab), and the
 * extension form's submit. Extend… opens the form at once (its trigger lasts 3 s); a mistake in
 * the form shows in it, the outcome comes by DM (a form has no reply URL).
 */
export function registerGrantButtons(app: App, ctx: ServiceContext): void {
  const slash = ctx.config.slack.command;

  app.action<BlockButtonAction>(EXTEND_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = clickAnswer(ctx, client, body, respond);
    await safely(ctx.log, answer, 'extend button', async () => {
      const found = await grantToExtend(ctx, body.user.id, action.value ?? '');
      if (!found.ok) return void (await answer(extendAskReply(found, slash)));
      await client.views.open({ trigger_id: body.trigger_id, view: extendModal(found.grant) });
    });
  });

  app.view(EXTEND_VIEW, async ({ ack, body, view }) => {
    const typed = readDuration(view.state.values);
    if (!typed.ok)
      return void (await ack({ response_action: 'errors', errors: { [EXTEND_DURATION_BLOCK]: typed.error } }));
    await ack();
    const userId = body.user.id;
    const reason = truncate(
      view.state.values[EXTEND_REASON_BLOCK]?.[EXTEND_REASON_ACTION]?.value?.trim() ?? '',
      MAX_REASON_LENGTH,
    );
    try {
      const result = await askExtend(ctx, {
        requesterId: userId,
        grantId: view.private_metadata,
        durationMs: typed.ms,
        reason,
      });
      await ctx.surface.dm(userId, extendAskReply(result, slash));
    } catch (err) {
      ctx.log.error({ err, user: userId }, 'an extension from the form failed');
      await ctx.surface.dm(userId, unavailableReply());
    }
  });

  app.action<BlockButtonAction>(END_NOW_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = clickAnswer(ctx, client, body, respond);
    await safely(ctx.log, answer, 'end now', async () => {
      await answer(endNowReply(await endGrantNow(ctx, { userId: body.user.id, grantId: action.value ?? '' })));
    });
  });
}

function readDuration(values: Values): { ok: true; ms: number } | { ok: false; error: string } {
  const parsed = parseDuration(values[EXTEND_DURATION_BLOCK]?.[EXTEND_DURATION_ACTION]?.value ?? '');
  return parsed.ok ? parsed : { ok: false, error: parsed.message.replace(/`/g, '') };
}
