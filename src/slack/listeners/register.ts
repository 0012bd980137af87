import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { registerAdminConnectSubmission } from './admin-connect-submission.ts';
import { registerAppHome } from './app-home.ts';
import { registerBreakGlassSubmission } from './break-glass-submission.ts';
import { registerDecisionButtons } from './decision-buttons.ts';
import { registerDenySubmission } from './deny-submission.ts';
import { registerDriftButtons } from './drift-buttons.ts';
import { registerGrantButtons } from './grant-buttons.ts';
import { registerKeyProjectOptions } from './key-project-options.ts';
import { registerKeySubmission } from './key-submission.ts';
import { registerNeonCommand } from './neon-command.ts';
import { registerNudgeButton } from './nudge-button.ts';
import { registerRevealButton } from './reveal-button.ts';

export function registerListeners(app: App, ctx: ServiceContext): void {
  registerNeonCommand(app, ctx);
  registerDecisionButtons(app, ctx);
  registerDenySubmission(app, ctx);
  registerBreakGlassSubmission(app, ctx);
  registerAdminConnectSubmission(app, ctx);
  registerKeySubmission(app, ctx);
  registerKeyProjectOptions(app, ctx);
  registerRevealButton(app, ctx);
  registerNudgeButton(app, ctx);
  registerDriftButtons(app, ctx);
  registerGrantButtons(app, ctx);
  registerAppHome(app, ctx);
}
