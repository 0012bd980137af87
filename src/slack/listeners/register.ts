import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { registerDecisionButtons } from './decision-buttons.ts';
import { registerDenySubmission } from './deny-submission.ts';
import { registerNeonCommand } from './neon-command.ts';

export function registerListeners(app: App, ctx: ServiceContext): void {
  registerNeonCommand(app, ctx);
  registerDecisionButtons(app, ctx);
  registerDenySubmission(app, ctx);
}
