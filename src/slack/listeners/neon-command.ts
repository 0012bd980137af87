import type { App } from '@slack/bolt';
import { parseCommand } from '../../domain/command.ts';
import type { Policy } from '../../domain/policy.ts';
import { askExtend } from '../../services/ask-extend.ts';
import { askInvite } from '../../services/ask-invite.ts';
import { askReconcile } from '../../services/ask-reconcile.ts';
import { askRemove } from '../../services/ask-remove.ts';
import { askRole } from '../../services/ask-role.ts';
import { cancelRequest } from '../../services/cancel.ts';
import type { ServiceContext } from '../../services/context.ts';
import { listMine } from '../../services/mine.ts';
import { listPending } from '../../services/pending.ts';
import { cancelReply } from '../blocks/cancel-reply.ts';
import { reconcileAskReply } from '../blocks/drift-replies.ts';
import { extendAskReply } from '../blocks/extend-replies.ts';
import { type HelpPolicy, helpMessage } from '../blocks/help.ts';
import { mineReply } from '../blocks/mine-reply.ts';
import { pendingReply } from '../blocks/pending-reply.ts';
import { removeAskReply } from '../blocks/remove-reply.ts';
import { askReply, errorReply, sayIfReasonShortened } from '../blocks/replies.ts';
import { roleAskReply } from '../blocks/role-reply.ts';
import { adminKeyCommand } from './admin-key-command.ts';
import { keyCommand, revokeCommand } from './key-command.ts';
import { safely } from './safely.ts';

function helpPolicy(policy: Policy): HelpPolicy {
  return {
    autoApproval: policy.autoApprove.length > 0,
    breakGlass: policy.breakGlass.enabled,
    escalation: policy.escalation !== undefined || Object.values(policy.projects).some((p) => p.escalation),
    quorum: policy.approvals.some((rule) => rule.count > 1),
    mfaRoles: policy.requireMfa.roles,
  };
}

/**
 * `/neon …` (SLASH_COMMAND: a workspace with Neon's own app, which also registers `/neon`, needs
 * another name): ack at once (Slack allows 3 s), then parse → service → reply by response_url.
 */
export function registerNeonCommand(app: App, ctx: ServiceContext): void {
  const slash = ctx.config.slack.command;
  app.command(slash, async ({ command, ack, respond, client }) => {
    await ack();
    await safely(ctx.log, respond, slash, async () => {
      const parsed = parseCommand(command.text, slash);
      if (!parsed.ok) return void (await respond(errorReply(parsed.message, slash)));
      const cmd = parsed.command;
      switch (cmd.name) {
        case 'help':
          return void (await respond(helpMessage(cmd.topic, helpPolicy(ctx.config.policy), slash)));
        case 'invite': {
          const result = await askInvite(ctx, { requesterId: command.user_id, role: cmd.role, reason: cmd.reason });
          return void (await respond(sayIfReasonShortened(askReply(result), result, cmd)));
        }
        case 'role': {
          const result = await askRole(ctx, { ...cmd, requesterId: command.user_id });
          return void (await respond(sayIfReasonShortened(roleAskReply(result, slash), result, cmd)));
        }
        case 'extend': {
          const { requestId: grantId, durationMs, reason } = cmd;
          const result = await askExtend(ctx, { requesterId: command.user_id, grantId, durationMs, reason });
          return void (await respond(sayIfReasonShortened(extendAskReply(result, slash), result, cmd)));
        }
        case 'mine':
          return void (await respond(mineReply(await listMine(ctx, command.user_id), slash)));
        case 'cancel':
          return void (await respond(
            cancelReply(
              cmd.requestId,
              await cancelRequest(ctx, { requestId: cmd.requestId, userId: command.user_id }),
              slash,
            ),
          ));
        case 'admin':
          if (cmd.action === 'pending')
            return void (await respond(pendingReply(await listPending(ctx, command.user_id))));
          if (cmd.action === 'reconcile')
            return void (await respond(reconcileAskReply(await askReconcile(ctx, command.user_id))));
          if (cmd.action === 'remove') {
            const result = await askRemove(ctx, { ...cmd, requesterId: command.user_id });
            return void (await respond(sayIfReasonShortened(removeAskReply(result), result, cmd)));
          }
          return adminKeyCommand(ctx, cmd.action, {
            userId: command.user_id,
            triggerId: command.trigger_id,
            client,
            respond,
          });
        case 'key':
          return keyCommand(ctx, cmd, { userId: command.user_id, triggerId: command.trigger_id, client, respond });
        case 'revoke':
          return revokeCommand(ctx, cmd.keyId, { userId: command.user_id, respond });
      }
    });
  });
}
