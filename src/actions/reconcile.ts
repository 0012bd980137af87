import { type DriftFinding, findDrift } from '../domain/drift.ts';
import { normaliseEmail } from '../domain/email.ts';
import { NeonError } from '../neon/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import { driftFailure, driftReport } from '../slack/blocks/drift-report.ts';
import type { ChosenKey } from './key-choice.ts';
import type { JobRun } from './queue.ts';

/** Slack look-ups may use this share of one attempt's time; the rest is Neon's, the database's and the post's. */
const SLACK_SHARE = 0.5;

/** What one reconciliation saw and found: all the summary shows. */
export interface DriftSurvey {
  findings: DriftFinding[];
  /** The approver who ran it; undefined for the scheduled run. */
  askedBy: string | undefined;
  /** Whose Neon key read the organization (a Slack user id, or 'fallback'). */
  keyOwner: string;
  at: Date;
  seen: { members: number; keys: number; invitations: number };
  /** Neon members whose Slack account was looked up; the others wait for a later run. */
  slackChecked: number;
  inviteMaxAgeMs: number;
}

/**
 * The `reconcile` job: reads Neon (GETs only) and the bot's records, compares them and posts one
 * summary. It never changes anything: each finding's button lets an approver act. An approver's
 * run reads with their own key first; the scheduled one with the shared key.
 */
export async function reconcile(ctx: ServiceContext, run: JobRun): Promise<void> {
  const askedBy = run.data.by;
  const channel = ctx.config.auditChannelId ?? (askedBy ? await ctx.surface.dmChannel(askedBy) : undefined);
  if (!channel)
    return void ctx.log.warn('reconciliation skipped: without AUDIT_CHANNEL_ID its summary has nowhere to go');
  const key = askedBy ? await ctx.keys.forApprover(askedBy) : await ctx.keys.forLookup();
  const slash = ctx.config.slack.command;
  if (!key) return void (await ctx.surface.post(channel, driftFailure({ askedBy, problem: 'no_key' }, slash)));
  try {
    await ctx.surface.post(channel, driftReport(await survey(ctx, key, askedBy), slash));
  } catch (err) {
    // Neon unreachable or overloaded: the job retries with backoff. Anything Neon will go on refusing is said at once.
    if (!(err instanceof NeonError) || (err.retryable && !run.isLastAttempt)) throw err;
    await ctx.surface.post(channel, driftFailure({ askedBy, problem: 'neon', message: err.message }, slash));
  }
}

async function survey(ctx: ServiceContext, key: ChosenKey, askedBy: string | undefined): Promise<DriftSurvey> {
  const orgId = ctx.config.neon.orgId;
  const neon = ctx.neon.forKey(key.key);
  const [members, keys, invitations, bot] = await Promise.all([
    neon.listMembers(orgId),
    neon.listOrgApiKeys(orgId),
    neon.listInvitations(orgId),
    ctx.driftRecords.load(),
  ]);
  const slack = await deactivatedInSlack(
    ctx,
    members.map((m) => m.email),
  );
  const at = new Date();
  const inviteMaxAgeMs = ctx.config.reconcileInviteMaxAgeMs;
  return {
    findings: findDrift({
      neon: { members, keys, invitations },
      bot,
      slackDeactivated: slack.deactivated,
      now: at,
      inviteMaxAgeMs,
    }),
    askedBy,
    keyOwner: key.owner,
    at,
    seen: { members: members.length, keys: keys.length, invitations: invitations.length },
    slackChecked: slack.checked,
    inviteMaxAgeMs,
  };
}

/**
 * Which of these emails belong to deactivated Slack accounts, as far as time allows: the Directory
 * paces users.lookupByEmail (Tier 3), so a large organization is covered over several runs, the
 * emails asked about longest ago first. A Slack error ends the look-ups for this run.
 */
async function deactivatedInSlack(
  ctx: ServiceContext,
  emails: string[],
): Promise<{ deactivated: string[]; checked: number }> {
  const deadline = Date.now() + ctx.config.executionAttemptTimeoutMs * SLACK_SHARE;
  const stalestFirst = [...new Set(emails.map(normaliseEmail))].sort(
    (a, b) => (ctx.directory.answeredAt(a) ?? 0) - (ctx.directory.answeredAt(b) ?? 0),
  );
  const deactivated: string[] = [];
  let checked = 0;
  for (const email of stalestFirst) {
    if (Date.now() >= deadline) break;
    try {
      if ((await ctx.directory.byEmail(email))?.deactivated) deactivated.push(email);
      checked += 1;
    } catch (err) {
      ctx.log.warn({ err }, 'could not look up Neon members in Slack; the rest are reported as not checked');
      break;
    }
  }
  return { deactivated, checked };
}
