import type { App, ViewOutput } from '@slack/bolt';
import { parseDuration } from '../../domain/duration.ts';
import { askKey, checkKeyAsk } from '../../services/ask-key.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  DURATION_ACTION,
  DURATION_BLOCK,
  KEY_VIEW,
  PROJECT_ACTION,
  PROJECT_BLOCK,
  REASON_ACTION,
  REASON_BLOCK,
} from '../blocks/key-modal.ts';
import { askKeyReply } from '../blocks/key-replies.ts';
import { unavailableReply } from '../blocks/replies.ts';

interface KeyForm {
  projectId: string;
  durationMs: number | undefined;
  reason: string;
}

type Values = ViewOutput['state']['values'];

/** The form as submitted, or what to show under its fields (plain text, Slack renders it as typed). */
function readForm(
  ctx: ServiceContext,
  values: Values,
): { ok: true; form: KeyForm } | { ok: false; errors: Record<string, string> } {
  const projectId = values[PROJECT_BLOCK]?.[PROJECT_ACTION]?.selected_option?.value ?? undefined;
  if (!projectId) return { ok: false, errors: { [PROJECT_BLOCK]: 'Pick a project from the list.' } };
  const typed = values[DURATION_BLOCK]?.[DURATION_ACTION]?.value?.trim() ?? '';
  const duration = typed === '' ? undefined : parseDuration(typed);
  if (duration && !duration.ok) return { ok: false, errors: { [DURATION_BLOCK]: duration.message.replace(/`/g, '') } };
  const durationMs = duration?.ms;
  const check = checkKeyAsk(ctx, durationMs, projectId);
  if (!check.ok && check.code === 'duration_too_long') {
    return {
      ok: false,
      errors: { [DURATION_BLOCK]: askKeyReply(check, ctx.config.slack.command).text.replace(/`/g, '') },
    };
  }
  return {
    ok: true,
    form: { projectId, durationMs, reason: values[REASON_BLOCK]?.[REASON_ACTION]?.value?.trim() ?? '' },
  };
}

/**
 * The key form's submit: its checks are pure, so a mistake shows in the form itself at once;
 * otherwise the form closes and the outcome reaches the requester by DM (a form has no reply URL).
 */
export function registerKeySubmission(app: App, ctx: ServiceContext): void {
  app.view(KEY_VIEW, async ({ ack, body, view }) => {
    const read = readForm(ctx, view.state.values);
    if (!read.ok) return void (await ack({ response_action: 'errors', errors: read.errors }));
    await ack();
    const userId = body.user.id;
    const { projectId, durationMs, reason } = read.form;
    try {
      const result = await askKey(ctx, {
        requesterId: userId,
        project: projectId,
        ...(durationMs === undefined ? {} : { durationMs }),
        reason,
      });
      await ctx.surface.dm(userId, askKeyReply(result, ctx.config.slack.command));
    } catch (err) {
      ctx.log.error({ err, user: userId }, 'a key request from the form failed');
      await ctx.surface.dm(userId, unavailableReply());
    }
  });
}
