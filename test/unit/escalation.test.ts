import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EMPTY_POLICY,
  type Escalation,
  escalationAt,
  escalationDue,
  escalationFor,
  escalationTargets,
  type Policy,
} from '../../src/domain/policy.ts';
import type { RequestStatus } from '../../src/domain/request.ts';
import { loadPolicy } from '../../src/policy/load.ts';

const H = 3_600_000;
const GLOBAL: Escalation = { afterMs: 4 * H, to: { usergroups: ['SLEADS001'], users: [] } };
const PROD: Escalation = { afterMs: H, to: { usergroups: [], users: ['UCTO00001'] } };
const policy: Policy = {
  ...EMPTY_POLICY,
  escalation: GLOBAL,
  projects: { 'prod-1': { escalation: PROD }, 'dev-1': { channel: 'CDEV00001' } },
};

describe('escalationFor: a project’s own replaces the global one', () => {
  it.each<[string, Policy, { kind: 'key' | 'role' | 'invite'; projectId?: string | null }, Escalation | undefined]>([
    ['a key on a project with its own', policy, { kind: 'key', projectId: 'prod-1' }, PROD],
    ['a key on a project without one', policy, { kind: 'key', projectId: 'dev-1' }, GLOBAL],
    ['a key on a project the policy does not name', policy, { kind: 'key', projectId: 'other-1' }, GLOBAL],
    ['an invitation', policy, { kind: 'invite' }, GLOBAL],
    ['a role change', policy, { kind: 'role', projectId: null }, GLOBAL],
    ['no escalation anywhere', EMPTY_POLICY, { kind: 'invite' }, undefined],
    [
      'only a project’s: other requests never escalate',
      { ...EMPTY_POLICY, projects: { 'prod-1': { escalation: PROD } } },
      { kind: 'role' },
      undefined,
    ],
  ])('%s', (_what, p, r, expected) => {
    expect(escalationFor(p, r)).toEqual(expected);
  });
});

describe('escalationDue', () => {
  const made = new Date('2026-03-01T08:00:00Z');
  const r = (status: RequestStatus, escalatedAt: Date | null = null) => ({ status, createdAt: made, escalatedAt });
  const later = (ms: number) => new Date(made.getTime() + ms);
  it.each<[string, ReturnType<typeof r>, Date, boolean]>([
    ['pending, the delay just passed', r('pending'), later(4 * H), true],
    ['pending, long after', r('pending'), later(20 * H), true],
    ['pending, a second early', r('pending'), later(4 * H - 1000), false],
    ['already escalated', r('pending', later(4 * H)), later(5 * H), false],
    ['decided in time', r('approved'), later(5 * H), false],
    ['expired', r('expired'), later(30 * H), false],
  ])('%s', (_what, request, now, expected) => {
    expect(escalationDue(request, GLOBAL, now)).toBe(expected);
  });

  it('is scheduled at the request’s creation plus the delay', () => {
    expect(escalationAt(made, GLOBAL)).toEqual(later(4 * H));
  });

  it('names the groups, then the users, as the card shows them', () => {
    expect(
      escalationTargets({ afterMs: H, to: { usergroups: ['SA0000001'], users: ['UB0000001', 'UC0000001'] } }),
    ).toEqual(['SA0000001', 'UB0000001', 'UC0000001']);
  });
});

describe('the escalation section of POLICY_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-escalation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return { path, loaded: loadPolicy(path) };
  };

  it('reads the global and a project’s escalation into milliseconds, a missing list as empty', () => {
    const { loaded } = load(
      'good.yaml',
      [
        'escalation:',
        '  after: 4h',
        '  to: { usergroups: [SLEADS001], users: [UCTO00001] }',
        'projects:',
        '  prod-1:',
        '    escalation: { after: 30m, to: { users: [UCTO00001] } }',
      ].join('\n'),
    );
    expect(loaded).toEqual({
      ok: true,
      policy: {
        ...EMPTY_POLICY,
        escalation: { afterMs: 4 * H, to: { usergroups: ['SLEADS001'], users: ['UCTO00001'] } },
        projects: { 'prod-1': { escalation: { afterMs: H / 2, to: { usergroups: [], users: ['UCTO00001'] } } } },
      },
    });
  });

  it.each<[string, string, string]>([
    [
      'no one to escalate to',
      'escalation: { after: 1h, to: {} }\n',
      'escalation.to: must name usergroups or users (or both)',
    ],
    ['no delay', 'escalation: { to: { users: [UCTO00001] } }\n', 'escalation.after: is required'],
    [
      'a bad delay',
      'escalation: { after: soon, to: { users: [UCTO00001] } }\n',
      'escalation.after: must be a duration like 30m, 8h, 7d or 2w',
    ],
    [
      'a bad user',
      'escalation: { after: 1h, to: { users: [cto] } }\n',
      'escalation.to.users[0]: must be a Slack user ID (U…)',
    ],
    [
      'a bad group',
      'projects:\n  p-1:\n    escalation: { after: 1h, to: { usergroups: [leads] } }\n',
      'projects.p-1.escalation.to.usergroups[0]: must be a Slack user group ID (S…)',
    ],
    [
      'an unknown key',
      'escalation: { after: 1h, to: { channel: C0LEADS01 } }\n',
      'escalation.to.channel: is not a known key',
    ],
  ])('%s: one line', (_what, text, problem) => {
    const { path, loaded } = load('bad.yaml', text);
    expect(loaded).toEqual({ ok: false, error: `policy: ${path}: ${problem}` });
  });
});
