import { describe, expect, it } from 'vitest';
import type { DriftSurvey } from '../../src/actions/reconcile.ts';
import type { DriftFinding } from '../../src/domain/drift.ts';
import { manualStepModal } from '../../src/slack/blocks/drift-manual-step.ts';
import { driftFailure, driftReport, FINDING_ACTION, findingFromButton } from '../../src/slack/blocks/drift-report.ts';
import { messageProblems, viewProblems } from '../fakes/slack/block-limits.ts';
import type { Json } from '../fakes/slack/index.ts';
import { visibleText } from '../fakes/slack/index.ts';

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
    slackChecked: 7,
    inviteMaxAgeMs: 14 * DAY,
    ...over,
  };
}

const buttons = (blocks: unknown[]) =>
  (blocks as Json[]).flatMap((b) =>
    b.accessory ? [b.accessory as { action_id: string; value: string; text: { text: string } }] : [],
  );

describe('the reconciliation summary', () => {
  it('lists each finding once, each with its own button that carries the finding back', () => {
    const msg = driftReport(survey(ONE_OF_EACH), SLASH);
    expect(messageProblems(msg as unknown as Json)).toEqual([]);
    const text = visibleText(msg as never);
    expect(text).toContain('6 findings');
    expect(text).toContain('Run by <@UADMIN001>');
    expect(text).toContain('with the shared fallback Neon key');
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
    const found = buttons(msg.blocks!);
    expect(found.map((b) => b.text.text)).toEqual([
      'Ask to make member',
      'How to revoke',
      'Restore now',
      'How to remove',
      'Close the record',
      'What to do',
    ]);
    expect(new Set(found.map((b) => b.action_id)).size).toBe(6);
    for (const b of found) expect(b.action_id).toMatch(FINDING_ACTION);
    expect(found.map((b) => findingFromButton(b.value))).toEqual(ONE_OF_EACH);
  });

  it('says plainly when there is no drift, and how much of Slack it could check', () => {
    const msg = driftReport(survey([], { askedBy: undefined, slackChecked: 3, keyOwner: 'UADMIN002' }), SLASH);
    const text = visibleText(msg as never);
    expect(msg.text).toBe('Reconciliation: no drift');
    expect(text).toContain('No drift');
    expect(text).toContain('Scheduled run');
    expect(text).toContain("<@UADMIN002>'s own Neon key");
    expect(text).toContain('looked up for 3 of 7 members; the other 4 next time');
    expect(buttons(msg.blocks!)).toEqual([]);
  });

  it('stays within 50 blocks, and counts what it could not show', () => {
    const many: DriftFinding[] = Array.from({ length: 120 }, (_, i) => ({
      kind: 'admin_not_granted',
      email: `a${i}@example.com`,
      memberId: 'abc',
    }));
    const msg = driftReport(survey(many), '/neon-access');
    expect(msg.blocks).toHaveLength(50);
    expect(messageProblems(msg as unknown as Json)).toEqual([]);
    expect(buttons(msg.blocks!)).toHaveLength(46);
    expect(visibleText(msg as never)).toContain('…and 74 more not shown');
    expect(visibleText(msg as never)).toContain('then run `/neon-access admin reconcile` again');
    // Exactly as many as fit: no "more" line.
    expect(driftReport(survey(many.slice(0, 47)), SLASH).blocks).toHaveLength(50);
    expect(visibleText(driftReport(survey(many.slice(0, 47)), SLASH) as never)).not.toContain('more not shown');
  });

  it("keeps Neon's text inert: an email or key name cannot mention or link", () => {
    const hostile: DriftFinding[] = [
      { kind: 'admin_not_granted', email: '<!channel>@example.com', memberId: 'abc' },
      { kind: 'unknown_bot_key', keyId: 1, keyName: 'neon-access-bot R-7KQ2M9XD`<@U1>', requestId: 'R-7KQ2M9XD' },
    ];
    // What Slack renders (a button's value is never shown).
    const raw = (driftReport(survey(hostile), SLASH).blocks as unknown as Json[])
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
    [
      ONE_OF_EACH[3]!,
      'https://console.neon.tech/api/v2/organizations/org-demo-12345678/members/6f1c1a0e-0000-4000-8000-000000000002',
    ],
    [ONE_OF_EACH[5]!, 'cannot withdraw an invitation'],
  ])('%s is explained, filled in', (finding, expected) => {
    const view = manualStepModal(finding as Parameters<typeof manualStepModal>[0], neon, '/neon-access');
    expect(viewProblems(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain(expected);
    expect(JSON.stringify(view.blocks)).toContain('Then run `/neon-access admin reconcile` to check.');
  });
});
