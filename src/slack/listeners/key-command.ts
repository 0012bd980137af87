import type { RespondFn } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Command } from '../../domain/command-grammar.ts';
import { askKey, checkKeyAsk } from '../../services/ask-key.ts';
import type { ServiceContext } from '../../services/context.ts';
import { limitsFor } from '../../services/durations.ts';
import { revokeOwnKey } from '../../services/revoke-own-key.ts';
import { keyModal } from '../blocks/key-modal.ts';
import { askKeyReply, keyFormFailed, revokeReply } from '../blocks/key-replies.ts';
import { sayIfReasonShortened } from '../blocks/replies.ts';

export interface KeyCommandTools {
  userId: string;
  triggerId: string;
  client: WebClient;
  respond: RespondFn;
}

/** Of the trigger's 3 s, the project look-up gets this much; slower, and the picker opens instead. */
const RESOLVE_WITHIN_MS = 1_500;

/**
 * `/neon key …`, after the /neon listener's ack. Without a project the form opens at once (only
 * pure checks come before it); a name that fits several projects opens it too, to pick from.
 */
export async function keyCommand(
  ctx: ServiceContext,
  cmd: Extract<Command, { name: 'key' }>,
  c: KeyCommandTools,
): Promise<void> {
  const check = checkKeyAsk(ctx, cmd.durationMs);
  if (!check.ok) return void (await c.respond(askKeyReply(check, ctx.config.slack.command)));
  const limits = limitsFor(ctx, 'key');
  const form = {
    durationMs: cmd.durationMs,
    reason: cmd.reason,
    reasonShortened: cmd.reasonShortened === true,
    defaultMs: limits.defaultMs ?? limits.maxMs,
    maxMs: limits.maxMs,
  };
  if (cmd.project === undefined) return openForm(ctx, c, keyModal(form));
  const ask = { requesterId: c.userId, project: cmd.project, durationMs: cmd.durationMs, reason: cmd.reason };
  const result = await askKey(ctx, ask, { resolveWithinMs: RESOLVE_WITHIN_MS });
  if (!result.ok && result.code === 'choose_project') {
    return openForm(ctx, c, keyModal({ ...form, typed: { project: result.project, why: result.why } }));
  }
  await c.respond(sayIfReasonShortened(askKeyReply(result, ctx.config.slack.command), result, cmd));
}

/** `/neon revoke <key id>`: no approval, no modal; the answer says what happened in Neon. */
export async function revokeCommand(
  ctx: ServiceContext,
  keyId: number,
  c: Pick<KeyCommandTools, 'userId' | 'respond'>,
): Promise<void> {
  await c.respond(revokeReply(await revokeOwnKey(ctx, { userId: c.userId, keyId }), ctx.config.slack.command));
}

async function openForm(ctx: ServiceContext, c: KeyCommandTools, view: ModalView): Promise<void> {
  try {
    await c.client.views.open({ trigger_id: c.triggerId, view });
  } catch (err) {
    ctx.log.warn({ err, user: c.userId }, 'could not open the key request form');
    await c.respond({ text: keyFormFailed(ctx.config.slack.command) });
  }
}
