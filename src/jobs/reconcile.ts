import type { JobRun } from '../app/ports.ts';
import { type DriftSurvey, findDrift } from '../domain/drift.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import type { ChosenKey } from '../services/key-choice.ts';

/**
 * The `reconcile` job: reads Neon (GETs only), Slack's accounts and the bot's records, compares
 * them and posts one summary, its findings in the summary's thread. It never changes anything:
 * each finding's button lets an approver act. An approver's run reads with their own key first;
 * the scheduled one with the shared key.
 */
export async function reconcile(ctx: ServiceContext, run: JobRun): Promise<void> {
  const askedBy = run.data.by;
  const channel = ctx.config.auditChannelId ?? (askedBy ? await ctx.surface.dmChannel(askedBy) : undefined);
  if (!channel)
    return void ctx.log.warn('reconciliation skipped: without AUDIT_CHANNEL_ID its summary has nowhere to go');
  const key = askedBy ? await ctx.keys.forApprover(askedBy) : await ctx.keys.forLookup();
  if (!key) return void (await ctx.surface.post(channel, ctx.present.driftFailure({ askedBy, problem: 'no_key' })));
  try {
    const report = ctx.present.driftReport(await survey(ctx, key, askedBy));
    const summary = await ctx.surface.post(channel, report.summary);
    for (const reply of report.replies) await ctx.surface.post(channel, reply, summary.ts);
  } catch (err) {
    // Neon unreachable or overloaded: the job retries with backoff. Anything Neon will go on refusing is said at once.
    if (!(err instanceof NeonError) || (err.retryable && !run.isLastAttempt)) throw err;
    await ctx.surface.post(channel, ctx.present.driftFailure({ askedBy, problem: 'neon', message: err.message }));
  }
}

async function survey(ctx: ServiceContext, key: ChosenKey, askedBy: string | undefined): Promise<DriftSurvey> {
  const orgId = ctx.config.neon.orgId;
  const neon = ctx.neon.forKey(key.key);
  const [members, keys, invitations, bot, slack] = await Promise.all([
    neon.listMembers(orgId),
    neon.listOrgApiKeys(orgId),
    neon.listInvitations(orgId),
    ctx.driftRecords.load(),
    deactivatedInSlack(ctx),
  ]);
  const at = new Date();
  const inviteMaxAgeMs = ctx.config.reconcileInviteMaxAgeMs;
  return {
    findings: findDrift({
      neon: { members, keys, invitations },
      bot,
      slackDeactivated: [...(slack ?? [])],
      now: at,
      inviteMaxAgeMs,
    }),
    askedBy,
    keyOwner: key.owner,
    at,
    seen: { members: members.length, keys: keys.length, invitations: invitations.length },
    slackRead: slack !== undefined,
    inviteMaxAgeMs,
  };
}

/** Deactivated accounts' emails, or undefined when Slack could not list them: the rest of the report still stands. */
async function deactivatedInSlack(ctx: ServiceContext): Promise<Set<string> | undefined> {
  try {
    return await ctx.directory.deactivatedEmails();
  } catch (err) {
    ctx.log.warn({ err }, 'could not list Slack accounts; deactivated accounts are reported as not checked');
    return undefined;
  }
}
