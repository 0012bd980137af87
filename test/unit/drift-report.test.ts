import { describe, expect, it } from 'vitest';
import { messageProblems, viewProblems } from '../../sandbox/slack/block-limits.ts';
import type { Json } from '../../sandbox/slack/index.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import type { DriftFinding, DriftSurvey } from '../../src/domain/drift.ts';
import { manualStepModal } from '../../src/slack/blocks/drift-manual-step.ts';
import { type DriftReport, driftFailure, driftReport, FINDING_ACTION } from '../../src/slack/blocks/drift-report.ts';
import { findingFromButton } from '../../src/slack/listeners/drift-finding.ts';

/** The bot's command, named in the hints: the default, except where a test says otherwise. */
const SLASH = '/neon';
const AT = new Date('2025-06-30T12:00:00Z');
const DAY = 86_400_000;

const ONE_OF_EACH: DriftFinding[] = [
  { kind: 'admin_not_granted', email: 'ivan@example.com', memberId: '6f1c1a0e-0000-4000-8000-000000000001' },
  {
    kind: 'unknown_bot_key',
    keyId: 100042,
    keyName: 'neon-access-bot R-7KQ2M9XD',
    requestId: 'R-7KQ2M9XD',
    projectId: 'shop-123',
  },
  {
    kind: 'expired_role',
    requestId: 'R-TEMP2345',
    email: 'tia@example.com',
    targetUserId: 'UTEMPORAL',
    role: 'admin',
    expiredAt: new Date(AT.getTime() - DAY),
  },
  {
    kind: 'slack_deactivated',
    email: 'gone@example.com',
    memberId: '6f1c1a0e-0000-4000-8000-000000000002',
    role: 'member',
  },
  {
    kind: 'recorded_key_missing',
    requestId: 'R-GHST2345',
    keyId: 100050,
    projectId: 'shop-123',
    requesterId: 'UMEMBER01',
  },
  { kind: 'stale_invitation', email: 'old@example.com', role: 'member', invitedAt: new Date(AT.getTime() - 20 * DAY) },
];

function survey(findings: DriftFinding[], over: Partial<DriftSurvey> = {}): DriftSurvey {
  return {
    findings,
    askedBy: 'UADMIN001',
    keyOwner: 'fallback',
    at: AT,
    seen: { members: 7, keys: 4, invitations: 2 },
    slackRead: true,
    inviteMaxAgeMs: 14 * DAY,
    ...over,
  };
}

/** The summary and its thread replies, as posted. */
const posted = (r: DriftReport) => [r.summary, ...r.replies];
const textOf = (r: DriftReport) =>
  posted(r)
    .map((m) => visibleText(m as never))
    .join('\n');

const buttons = (blocks: unknown[]) =>
  (blocks as Json[]).flatMap((b) =>
    b.accessory ? [b.accessory as { action_id: string; value: string; text: { text: string } }] : [],
  );

describe('the reconciliation summary', () => {
  it('counts the findings in the summary and lists each once in its thread, each with its own button', () => {
    const report = driftReport(survey(ONE_OF_EACH), SLASH);
    for (const m of posted(report)) expect(messageProblems(m as unknown as Json)).toEqual([]);
    const summary = visibleText(report.summary as never);
    expect(summary).toContain('6 findings');
    expect(summary).toContain(
      'admins the bot did not grant: 1; keys named by the bot with no record: 1; temporary roles past their end: 1',
    );
    expect(summary).toContain('Run by <@UADMIN001>');
    expect(summary).toContain('with the shared fallback Neon key');
    expect(summary).toContain('Slack accounts checked for all 7 members');
    expect(buttons(report.summary.blocks!)).toEqual([]);
    expect(report.replies).toHaveLength(1);
    const text = visibleText(report.replies[0] as never);
    expect(text).toContain('Findings 1–6 of 6');
    for (const s of [
      'ivan@example.com',
      '`100042`',
      '`R-TEMP2345`',
      'gone@example.com',
      '`R-GHST2345`',
      'pending for 20 days',
      'old@example.com',
    ]) {
      expect(text).toContain(s);
    }
    const found = buttons(report.replies[0]!.blocks!);
    expect(found.map((b) => b.text.text)).toEqual([
      'Ask to make member',
      'How to revoke',
      'Restore now',
      'Ask to remove',
      'Close the record',
      'What to do',
    ]);
    expect(new Set(found.map((b) => b.action_id)).size).toBe(6);
    for (const b of found) expect(b.action_id).toMatch(FINDING_ACTION);
    expect(found.map((b) => findingFromButton(b.value))).toEqual(ONE_OF_EACH);
  });

  it('says plainly when there is no drift, and when Slack could not be checked', () => {
    const report = driftReport(survey([], { askedBy: undefined, slackRead: false, keyOwner: 'UADMIN002' }), SLASH);
    const text = visibleText(report.summary as never);
    expect(report.summary.text).toBe('Reconciliation: no drift');
    expect(text).toContain('No drift');
    expect(text).toContain('Scheduled run');
    expect(text).toContain("<@UADMIN002>'s own Neon key");
    expect(text).toContain('Slack could not list its accounts this time, so deactivated accounts were not checked');
    expect(report.replies).toEqual([]);
  });

  it('threads a large run 40 findings a reply, every message within Slack’s limits, every finding shown', () => {
    const many: DriftFinding[] = Array.from({ length: 120 }, (_, i) => ({
      kind: 'admin_not_granted',
      email: `a${i}@example.com`,
      memberId: 'abc',
    }));
    const report = driftReport(survey(many), '/neon-access');
    expect(report.replies.map((r) => r.blocks!.length)).toEqual([41, 41, 41]);
    for (const m of posted(report)) expect(messageProblems(m as unknown as Json)).toEqual([]);
    const all = report.replies.flatMap((r) => buttons(r.blocks!));
    expect(new Set(all.map((b) => b.action_id)).size).toBe(120);
    expect(all.map((b) => findingFromButton(b.value))).toEqual(many);
    expect(visibleText(report.replies[2] as never)).toContain('Findings 81–120 of 120');
    expect(textOf(report)).not.toContain('not shown');
  });

  it('stops at 25 replies and says how many more there are', () => {
    const many: DriftFinding[] = Array.from({ length: 1_003 }, (_, i) => ({
      kind: 'stale_invitation',
      email: `a${i}@example.com`,
      role: 'member',
      invitedAt: new Date(AT.getTime() - 20 * DAY),
    }));
    const report = driftReport(survey(many), '/neon-access');
    expect(report.replies).toHaveLength(25);
    const summary = visibleText(report.summary as never);
    expect(summary).toContain('1003 findings');
    expect(summary).toContain('The thread shows the first 1000; 3 more are not shown');
    expect(summary).toContain('then run `/neon-access admin reconcile` again');
  });

  it("keeps Neon's text inert: an email or key name cannot mention or link", () => {
    const hostile: DriftFinding[] = [
      { kind: 'admin_not_granted', email: '<!channel>@example.com', memberId: 'abc' },
      { kind: 'unknown_bot_key', keyId: 1, keyName: 'neon-access-bot R-7KQ2M9XD`<@U1>', requestId: 'R-7KQ2M9XD' },
    ];
    // What Slack renders (a button's value is never shown).
    const raw = (posted(driftReport(survey(hostile), SLASH)).flatMap((m) => m.blocks!) as unknown as Json[])
      .map((b) => JSON.stringify(b.text ?? b.elements))
      .join('\n');
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U1>');
    expect(raw).toContain('&lt;!channel&gt;');
  });

  it('refuses button values it did not write', () => {
    for (const value of [
      '',
      'not json',
      '{"kind":"admin_not_granted"}',
      '{"kind":"drop_table","email":"x@y.z"}',
      JSON.stringify({ ...ONE_OF_EACH[0], memberId: '../../x' }),
    ]) {
      expect(findingFromButton(value)).toBeUndefined();
    }
  });

  it('says why nothing could be compared', () => {
    const noKey = visibleText(driftFailure({ askedBy: undefined, problem: 'no_key' }, '/neon-access') as never);
    expect(noKey).toContain('no Neon key');
    expect(noKey).toContain('`/neon-access admin connect` and run `/neon-access admin reconcile`');
    const failed = driftFailure({ askedBy: 'UADMIN001', problem: 'neon', message: 'bad <things>' }, SLASH);
    expect(visibleText(failed as never)).toContain('could not read Neon: bad &lt;things&gt;');
    expect(visibleText(failed as never)).toContain('run `/neon admin reconcile` to try again');
  });
});

describe('the manual step for what no request covers', () => {
  const neon = { orgId: 'org-demo-12345678', apiUrl: 'https://console.neon.tech/api/v2' };

  it.each([
    [ONE_OF_EACH[1]!, 'https://console.neon.tech/api/v2/organizations/org-demo-12345678/api_keys/100042'],
    [ONE_OF_EACH[5]!, 'cannot withdraw an invitation'],
  ])('%s is explained, filled in', (finding, expected) => {
    const view = manualStepModal(finding as Parameters<typeof manualStepModal>[0], neon, '/neon-access');
    expect(viewProblems(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain(expected);
    expect(JSON.stringify(view.blocks)).toContain('Then run `/neon-access admin reconcile` to check.');
  });
});
