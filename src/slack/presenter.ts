import type { Presenter } from '../app/ports.ts';
import { adminKeyAuditLine, keyRefusedNotice } from './blocks/admin-key-replies.ts';
import { auditMessage } from './blocks/audit-line.ts';
import { breakGlassNotice } from './blocks/break-glass-notice.ts';
import { approvalCard } from './blocks/card.ts';
import { restoreAskedLine } from './blocks/drift-replies.ts';
import { driftFailure, driftReport } from './blocks/drift-report.ts';
import { grantWarning } from './blocks/grant-warning.ts';
import { homeView } from './blocks/home.ts';
import { requesterNotice } from './blocks/notice.ts';
import { nudgeMessage } from './blocks/nudge.ts';
import { approverReminder } from './blocks/reminder.ts';
import { targetNotice } from './blocks/target-notice.ts';

/** The core's messages as Block Kit; `slash` is the bot's command, named wherever people are told what to type. */
export function slackPresenter(slash: string): Presenter {
  return {
    approvalCard,
    auditLine: auditMessage,
    requesterNotice: (r) => requesterNotice(r, slash),
    targetNotice,
    breakGlassNotice,
    grantWarning,
    approverReminder,
    nudge: nudgeMessage,
    restoreAsked: restoreAskedLine,
    adminKeyEvent: adminKeyAuditLine,
    keyRefused: (requestId) => keyRefusedNotice(requestId, slash),
    driftReport: (s) => driftReport(s, slash),
    driftFailure: (f) => driftFailure(f, slash),
    home: (data) => homeView(data, slash),
  };
}
