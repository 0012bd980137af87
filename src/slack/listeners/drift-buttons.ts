import type { App, BlockButtonAction } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { actOnFinding } from '../../services/drift-actions.ts';
import { manualStepModal } from '../blocks/drift-manual-step.ts';
import { findingActionReply } from '../blocks/drift-replies.ts';
import { FINDING_ACTION } from '../blocks/drift-report.ts';
import { findingFromButton } from './drift-finding.ts';
import { safely } from './safely.ts';

/**
 * A button on a reconciliation summary: an approver asks for a request, closes one of the bot's
 * own records, or opens the steps a Neon admin takes by hand. The clicker alone hears the outcome.
 */
export function registerDriftButtons(app: App, ctx: ServiceContext): void {
  app.action<BlockButtonAction>(FINDING_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const slash = ctx.config.slack.command;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await safely(ctx.log, respond, 'reconciliation finding', async () => {
      const finding = findingFromButton(action.value ?? '');
      if (!finding)
        return void (await tell(
          `This button is from an older summary the bot can no longer read; run \`${slash} admin reconcile\` again.`,
        ));
      const result = await actOnFinding(ctx, body.user.id, finding);
      if (result.code !== 'manual') return void (await tell(findingActionReply(result, slash).text));
      await client.views.open({
        trigger_id: body.trigger_id,
        view: manualStepModal(result.finding, ctx.config.neon, slash),
      });
    });
  });
}
