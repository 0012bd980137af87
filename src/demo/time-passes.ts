import { makeDue } from '../../sandbox/job-clock.ts';
import type { Stage } from '../../sandbox/stage.ts';

/**
 * Time reaches a grant's warning: its warn-grant job, scheduled `leadMs` before the grant's
 * current end, is made due now through the job table, as the clock reaching it would; the step's
 * `told` then waits for it to run. The demo neither sleeps nor waits hours.
 */
export async function warningComesNow(stage: Stage, grantId: string, leadMs: number): Promise<void> {
  const grant = await stage.bot.ctx.store.get(grantId);
  const endsAt = grant?.grantExpiresAt?.toISOString() ?? '';
  const due = await makeDue(stage.bot.db.pool, 'warn-grant', grantId, { endsAt, leadMs });
  if (due !== 1) throw new Error(`no warning of ${grantId} is scheduled ${leadMs} ms before its end`);
}
