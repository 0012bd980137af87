import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBreakGlass } from '../../src/domain/decision.ts';
import {
  approvalsNeeded,
  checkDuration,
  durationLimits,
  EMPTY_POLICY,
  matchAutoApproval,
  type Policy,
  type PolicySubject,
  policyDecider,
  policyRuleOf,
  projectRoute,
  usergroupsNamed,
} from '../../src/domain/policy.ts';
import { loadPolicy } from '../../src/policy/load.ts';

const H = 3_600_000;
const D = 24 * H;
const ALICE = 'UALICE001';
const BOB = 'UBOB00001';

const policy: Policy = {
  ...EMPTY_POLICY,
  autoApprove: [
    {
      name: 'short-dev-keys',
      kinds: ['key'],
      projects: ['dev-1'],
      maxDurationMs: 8 * H,
      quota: { requests: 3, perMs: D },
    },
    {
      name: 'alice-invites',
      kinds: ['invite'],
      roles: ['member'],
      requesters: [ALICE],
      quota: { requests: 1, perMs: D },
    },
    {
      name: 'oncall-admin',
      kinds: ['role'],
      roles: ['admin'],
      usergroups: ['SONCALL01'],
      maxDurationMs: 2 * H,
      quota: { requests: 2, perMs: 7 * D },
    },
    {
      name: 'bob-or-team',
      kinds: ['key'],
      requesters: [BOB],
      usergroups: ['STEAM0001'],
      quota: { requests: 5, perMs: D },
    },
  ],
  durations: { key: { maxMs: 14 * D, defaultMs: 2 * D }, role: { maxMs: 1 * D } },
  projects: {
    'prod-1': { approvers: [BOB], channel: 'CPROD0001', durations: { maxMs: 1 * D, defaultMs: 4 * H } },
    'dev-1': { channel: 'CDEV00001' },
    'tight-1': { durations: { maxMs: 30 * D } },
  },
};

const subject = (s: Partial<PolicySubject>): PolicySubject => ({ kind: 'key', requesterId: 'UOTHER001', ...s });

describe('matchAutoApproval: the first rule that matches every criterion it names', () => {
  it.each<[string, PolicySubject, string[], string | undefined]>([
    ['a short key on the listed project', subject({ projectId: 'dev-1', durationMs: 4 * H }), [], 'short-dev-keys'],
    ['exactly the rule’s longest duration', subject({ projectId: 'dev-1', durationMs: 8 * H }), [], 'short-dev-keys'],
    ['a key longer than the rule allows', subject({ projectId: 'dev-1', durationMs: 9 * H }), [], undefined],
    ['a key on another project', subject({ projectId: 'prod-1', durationMs: H }), [], undefined],
    ['alice’s member invitation', subject({ kind: 'invite', role: 'member', requesterId: ALICE }), [], 'alice-invites'],
    [
      'alice asking to be invited as admin',
      subject({ kind: 'invite', role: 'admin', requesterId: ALICE }),
      [],
      undefined,
    ],
    ['someone else’s member invitation', subject({ kind: 'invite', role: 'member', requesterId: BOB }), [], undefined],
    [
      'a short admin role for the on-call group',
      subject({ kind: 'role', role: 'admin', durationMs: H }),
      ['SONCALL01'],
      'oncall-admin',
    ],
    [
      'a lasting admin role for the on-call group',
      subject({ kind: 'role', role: 'admin', durationMs: null }),
      ['SONCALL01'],
      undefined,
    ],
    ['a short admin role outside the group', subject({ kind: 'role', role: 'admin', durationMs: H }), [], undefined],
    ['bob by name (requesters or usergroups)', subject({ requesterId: BOB, projectId: 'prod-1' }), [], 'bob-or-team'],
    ['a team member by group', subject({ projectId: 'prod-1' }), ['STEAM0001'], 'bob-or-team'],
    [
      'bob on dev-1 for long: the first rule fails on duration, the next matches',
      subject({ requesterId: BOB, projectId: 'dev-1', durationMs: D }),
      [],
      'bob-or-team',
    ],
    [
      'bob on dev-1 for short: the first matching rule decides',
      subject({ requesterId: BOB, projectId: 'dev-1', durationMs: H }),
      [],
      'short-dev-keys',
    ],
  ])('%s', (_what, s, groups, expected) => {
    expect(matchAutoApproval(policy, s, new Set(groups))?.name).toBe(expected);
  });

  it('no policy approves nothing', () => {
    expect(matchAutoApproval(EMPTY_POLICY, subject({ projectId: 'dev-1' }), new Set())).toBeUndefined();
  });

  it('names each user group once, for looking up the requester’s membership', () => {
    expect(usergroupsNamed(policy)).toEqual(['SONCALL01', 'STEAM0001']);
  });
});

describe('approvalsNeeded: the count of the first approvals rule that matches, else 1', () => {
  const quorum: Policy = {
    ...EMPTY_POLICY,
    approvals: [
      { kinds: ['role'], roles: ['admin'], count: 2 },
      { kinds: ['key'], projects: ['prod-1', 'prod-2'], count: 3 },
      { kinds: ['key', 'role'], count: 4 },
    ],
  };
  it.each<[string, Policy, Parameters<typeof approvalsNeeded>[1], number]>([
    ['no policy', EMPTY_POLICY, { kind: 'role', role: 'admin' }, 1],
    ['admin role: the first rule', quorum, { kind: 'role', role: 'admin' }, 2],
    ['member role: past the first, the catch-all', quorum, { kind: 'role', role: 'member' }, 4],
    ['a listed project', quorum, { kind: 'key', projectId: 'prod-2' }, 3],
    ['another project: the catch-all', quorum, { kind: 'key', projectId: 'dev-1' }, 4],
    ['a kind no rule names', quorum, { kind: 'invite', role: 'member' }, 1],
    ['a rule with roles never matches a request without one', quorum, { kind: 'role', role: null }, 4],
  ])('%s', (_what, p, subject, count) => {
    expect(approvalsNeeded(p, subject)).toBe(count);
  });
});

describe('durationLimits and checkDuration', () => {
  const env = { key: { maxMs: 30 * D, defaultMs: 7 * D }, role: { maxMs: 7 * D } };
  type Limits = { maxMs: number; defaultMs?: number; maxTotalMs: number };
  it.each<[string, Policy, 'key' | 'role', string | undefined, Limits]>([
    [
      'no policy: the environment’s, whole life 4× max',
      EMPTY_POLICY,
      'key',
      undefined,
      { maxMs: 30 * D, defaultMs: 7 * D, maxTotalMs: 120 * D },
    ],
    ['no policy, a role: no default', EMPTY_POLICY, 'role', undefined, { maxMs: 7 * D, maxTotalMs: 28 * D }],
    [
      'the kind’s limits replace the environment’s',
      policy,
      'key',
      undefined,
      { maxMs: 14 * D, defaultMs: 2 * D, maxTotalMs: 56 * D },
    ],
    ['a project tightens them', policy, 'key', 'prod-1', { maxMs: D, defaultMs: 4 * H, maxTotalMs: 4 * D }],
    [
      'a project without durations keeps the kind’s',
      policy,
      'key',
      'dev-1',
      { maxMs: 14 * D, defaultMs: 2 * D, maxTotalMs: 56 * D },
    ],
    ['a project never loosens them', policy, 'key', 'tight-1', { maxMs: 14 * D, defaultMs: 2 * D, maxTotalMs: 56 * D }],
    ['role limits ignore projects', policy, 'role', 'prod-1', { maxMs: D, maxTotalMs: 4 * D }],
    [
      'a default above the maximum is cut to it',
      { ...EMPTY_POLICY, durations: { key: { maxMs: D } } },
      'key',
      undefined,
      { maxMs: D, defaultMs: D, maxTotalMs: 4 * D },
    ],
    [
      'a role default makes role changes temporary',
      { ...EMPTY_POLICY, durations: { role: { defaultMs: 8 * H } } },
      'role',
      undefined,
      { maxMs: 7 * D, defaultMs: 8 * H, maxTotalMs: 28 * D },
    ],
    [
      'a kind’s maxTotal replaces 4× max',
      { ...EMPTY_POLICY, durations: { role: { maxMs: D, maxTotalMs: 2 * D } } },
      'role',
      undefined,
      { maxMs: D, maxTotalMs: 2 * D },
    ],
    [
      'a project’s maxTotal only tightens',
      {
        ...EMPTY_POLICY,
        durations: { key: { maxMs: D, maxTotalMs: 3 * D } },
        projects: { 'p-1': { durations: { maxTotalMs: 10 * D } }, 'p-2': { durations: { maxTotalMs: 2 * D } } },
      },
      'key',
      'p-2',
      { maxMs: D, defaultMs: D, maxTotalMs: 2 * D },
    ],
  ])('%s', (_what, p, kind, projectId, expected) => {
    expect(durationLimits(p, kind, env[kind], projectId)).toEqual(expected);
  });

  it.each<[string, number | undefined, ReturnType<typeof checkDuration>]>([
    ['within the maximum', 2 * H, { ok: true, durationMs: 2 * H }],
    ['exactly the maximum', D, { ok: true, durationMs: D }],
    ['beyond it', D + 1, { ok: false, maxMs: D }],
    ['none asked: the default', undefined, { ok: true, durationMs: 4 * H }],
  ])('checkDuration: %s', (_what, asked, expected) => {
    expect(checkDuration({ maxMs: D, defaultMs: 4 * H }, asked)).toEqual(expected);
  });

  it('checkDuration without a default leaves the duration out (a lasting role change)', () => {
    expect(checkDuration({ maxMs: D }, undefined)).toEqual({ ok: true });
  });
});

describe('projectRoute', () => {
  it.each<[string, { kind: 'key' | 'role' | 'invite'; projectId?: string | null }, ReturnType<typeof projectRoute>]>([
    ['a routed project', { kind: 'key', projectId: 'prod-1' }, { approvers: [BOB], channel: 'CPROD0001' }],
    ['a channel only', { kind: 'key', projectId: 'dev-1' }, { channel: 'CDEV00001' }],
    ['durations only: not routed', { kind: 'key', projectId: 'tight-1' }, undefined],
    ['an unknown project', { kind: 'key', projectId: 'other-1' }, undefined],
    ['not a key request', { kind: 'role', projectId: null }, undefined],
  ])('%s', (_what, r, expected) => {
    expect(projectRoute(policy, r)).toEqual(expected);
  });
});

describe('who decided', () => {
  it('a rule’s approval is recorded as policy:<rule>, never a Slack user', () => {
    expect(policyDecider('dev-keys')).toBe('policy:dev-keys');
    expect(policyRuleOf('policy:dev-keys')).toBe('dev-keys');
    expect(policyRuleOf(ALICE)).toBeUndefined();
    expect(policyRuleOf(null)).toBeUndefined();
  });

  const row = { requesterId: ALICE, targetUserId: null, status: 'approved' as const };
  it.each([
    [
      'an approver on their own request, with a reason',
      { ...row, decidedBy: ALICE, decisionNote: 'prod is down' },
      true,
    ],
    [
      'a role change for themselves asked by someone else',
      { ...row, targetUserId: BOB, decidedBy: BOB, decisionNote: 'prod is down' },
      true,
    ],
    ['another approver', { ...row, decidedBy: BOB, decisionNote: null }, false],
    ['the requester retrying a normal approval (no note)', { ...row, decidedBy: ALICE, decisionNote: null }, false],
  ])('isBreakGlass: %s', (_what, r, expected) => {
    expect(isBreakGlass(r)).toBe(expected);
  });
});

describe('loadPolicy: one line naming the file, the place in it and the problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a YAML policy into milliseconds and defaults', () => {
    const path = file(
      'good.yaml',
      [
        'autoApprove:',
        '  - name: dev-keys',
        '    kinds: [key]',
        '    projects: [dev-1]',
        '    quota: { requests: 3, per: 1d }',
        'durations:',
        '  key: { max: 2w, default: 8h }',
        'projects:',
        '  dev-1: { approvers: [UBOB00001], channel: CDEV00001 }',
        'breakGlass: { enabled: true }',
      ].join('\n'),
    );
    expect(loadPolicy(path)).toEqual({
      ok: true,
      policy: {
        autoApprove: [{ name: 'dev-keys', kinds: ['key'], projects: ['dev-1'], quota: { requests: 3, perMs: D } }],
        durations: { key: { maxMs: 14 * D, defaultMs: 8 * H } },
        projects: { 'dev-1': { approvers: [BOB], channel: 'CDEV00001' } },
        breakGlass: { enabled: true, minReasonLength: 10 },
        approvals: [],
        requireMfa: { roles: ['admin'], unknown: 'allow' },
      },
    });
  });

  it("accepts every role of Neon's in a rule's roles", () => {
    const path = file(
      'roles.yaml',
      'autoApprove:\n  - name: read-only\n    kinds: [invite, role]\n    roles: [viewer, editor, collaborator]\n    quota: { requests: 1, per: 1d }\n',
    );
    expect(loadPolicy(path)).toMatchObject({
      ok: true,
      policy: { autoApprove: [{ name: 'read-only', roles: ['viewer', 'editor', 'collaborator'] }] },
    });
  });

  it('reads approvals rules and requireMfa', () => {
    const path = file(
      'quorum.yaml',
      [
        'approvals:',
        '  - { kinds: [role], roles: [admin], count: 2 }',
        '  - { kinds: [key], projects: [prod-1], count: 3 }',
        'requireMfa: { roles: [admin, member], unknown: refuse }',
      ].join('\n'),
    );
    expect(loadPolicy(path)).toEqual({
      ok: true,
      policy: {
        ...EMPTY_POLICY,
        approvals: [
          { kinds: ['role'], roles: ['admin'], count: 2 },
          { kinds: ['key'], projects: ['prod-1'], count: 3 },
        ],
        requireMfa: { roles: ['admin', 'member'], unknown: 'refuse' },
      },
    });
    const off = loadPolicy(file('mfa-off.yaml', 'requireMfa: { roles: [] }\n'));
    expect(off.ok && off.policy.requireMfa).toEqual({ roles: [], unknown: 'allow' });
  });

  it('reads JSON by its extension', () => {
    const path = file('good.json', JSON.stringify({ durations: { role: { max: '1d' } } }));
    expect(loadPolicy(path)).toEqual({
      ok: true,
      policy: { ...EMPTY_POLICY, durations: { role: { maxMs: D, defaultMs: undefined } } },
    });
  });

  const rule = (quota: string) =>
    `autoApprove:\n  - name: a\n    kinds: [invite]\n    quota: { requests: 1, per: 1d }\n  - name: b\n    kinds: [key]\n    quota: ${quota}\n`;

  it.each<[string, string, string, string]>([
    [
      'bad YAML',
      'bad.yaml',
      'autoApprove:\n  - name: a\n    kinds: [key\n',
      'line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['bad JSON', 'bad.json', '{"durations": }', 'not valid JSON ('],
    [
      'an unknown key',
      'unknown.yaml',
      'autoApprove:\n  - name: a\n    kinds: [key]\n    quotas: { requests: 1, per: 1d }\n',
      'autoApprove[0].quotas: is not a known key',
    ],
    ['an unknown top-level key', 'top.yaml', 'approvers: [UBOB00001]\n', 'approvers: is not a known key'],
    [
      'a wrong type',
      'type.yaml',
      rule('{ requests: 1, per: 24 }'),
      'autoApprove[1].quota.per: expected string, received number',
    ],
    [
      'a bad duration',
      'duration.yaml',
      rule('{ requests: 1, per: a day }'),
      'autoApprove[1].quota.per: must be a duration like 30m, 8h, 7d or 2w',
    ],
    ['a missing value', 'missing.yaml', rule('{ requests: 1 }'), 'autoApprove[1].quota.per: is required'],
    [
      'a zero quota',
      'zero.yaml',
      rule('{ requests: 0, per: 1d }'),
      'autoApprove[1].quota.requests: must be at least 1',
    ],
    [
      'an unknown kind',
      'kind.yaml',
      'autoApprove:\n  - name: a\n    kinds: [keys]\n    quota: { requests: 1, per: 1d }\n',
      'autoApprove[0].kinds[0]: must be one of invite, key, role, extend',
    ],
    [
      'a maxTotal that is no duration',
      'total.yaml',
      'durations:\n  role: { max: 1d, maxTotal: forever }\n',
      'durations.role.maxTotal: must be a duration like 30m, 8h, 7d or 2w',
    ],
    [
      'a maxTotal shorter than max',
      'short-total.yaml',
      'projects:\n  p-1:\n    durations: { max: 1d, maxTotal: 12h }\n',
      'projects.p-1.durations.maxTotal: must not be shorter than max',
    ],
    [
      'a rule for removals',
      'remove.yaml',
      'autoApprove:\n  - name: a\n    kinds: [role, remove]\n    quota: { requests: 1, per: 1d }\n',
      'autoApprove[0].kinds[1]: a rule never approves remove requests: another approver decides each, with their own Neon key',
    ],
    [
      'a role Neon does not have',
      'owner.yaml',
      'autoApprove:\n  - name: a\n    kinds: [role]\n    roles: [owner]\n    quota: { requests: 1, per: 1d }\n',
      'autoApprove[0].roles[0]: must be one of admin, member, editor, viewer, collaborator',
    ],
    [
      'a project on a non-key rule',
      'proj.yaml',
      'autoApprove:\n  - name: a\n    kinds: [role]\n    projects: [p-1]\n    quota: { requests: 1, per: 1d }\n',
      'autoApprove[0].projects: only key requests (and their extensions) have a project: set kinds to [key] or [key, extend]',
    ],
    [
      'two rules with one name',
      'dup.yaml',
      rule('{ requests: 1, per: 1d }').replace('name: b', 'name: a'),
      'autoApprove[1].name: "a" names an earlier rule too',
    ],
    [
      'a default longer than the maximum',
      'limits.yaml',
      'durations:\n  key: { max: 1d, default: 2d }\n',
      'durations.key.default: must not be longer than max',
    ],
    [
      'a bad approver id',
      'approver.yaml',
      'projects:\n  p-1: { approvers: [bob] }\n',
      'projects.p-1.approvers[0]: must be a Slack user ID (U…)',
    ],
    [
      'a bad project id',
      'project.yaml',
      'projects:\n  "My Project": { channel: C0DEV0001 }\n',
      'projects["My Project"]: the key must be a Neon project id (lowercase letters, digits and dashes)',
    ],
    [
      'a quorum of none',
      'count.yaml',
      'approvals:\n  - { kinds: [role], count: 0 }\n',
      'approvals[0].count: must be at least 1',
    ],
    [
      'a quorum above the most',
      'count-max.yaml',
      'approvals:\n  - { kinds: [invite], count: 11 }\n',
      'approvals[0].count: must be at most 10',
    ],
    [
      'a role on a key quorum',
      'quorum-role.yaml',
      'approvals:\n  - { kinds: [key], roles: [admin], count: 2 }\n',
      'approvals[0].roles: key requests have no role: leave key out of kinds',
    ],
    [
      'a quorum rule without a count',
      'quorum-count.yaml',
      'approvals:\n  - { kinds: [key] }\n',
      'approvals[0].count: is required',
    ],
    [
      'a quorum larger than the project’s approvers',
      'quorum-approvers.yaml',
      'projects:\n  p-1: { approvers: [UBOB00001] }\napprovals:\n  - { kinds: [key], projects: [p-1], count: 2 }\n',
      'approvals[0].count: needs 2 approvals, but project p-1 has only 1 approver',
    ],
    [
      'an unknown MFA answer',
      'mfa.yaml',
      'requireMfa: { unknown: maybe }\n',
      'requireMfa.unknown: must be allow or refuse',
    ],
    [
      'an unknown MFA role',
      'mfa-role.yaml',
      'requireMfa: { roles: [owner] }\n',
      'requireMfa.roles[0]: must be one of admin, member, editor, viewer, collaborator',
    ],
    ['an empty file', 'empty.yaml', '', 'is empty; write at least one section, or unset POLICY_FILE'],
    ['a list at the top', 'list.yaml', '- a\n', 'top level: expected object, received array'],
    ['another extension', 'policy.txt', 'x', 'must end in .yaml, .yml or .json'],
  ])('%s', (_what, name, text, problem) => {
    const path = file(name, text);
    const loaded = loadPolicy(path);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    // JSON's own message differs between Node versions: only its start is fixed.
    if (problem.endsWith('(')) expect(loaded.error.startsWith(`policy: ${path}: ${problem}`)).toBe(true);
    else expect(loaded.error).toBe(`policy: ${path}: ${problem}`);
    expect(loaded.error).not.toContain('\n');
  });

  it('a file that cannot be read', () => {
    expect(loadPolicy(join(dir, 'absent.yaml'))).toEqual({
      ok: false,
      error: `policy: ${join(dir, 'absent.yaml')}: cannot be read (ENOENT)`,
    });
  });
});

describe('start-up with a bad policy file', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'policy-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with one line, before touching anything', () => {
    const path = join(dir, 'policy.yaml');
    writeFileSync(path, 'autoApprove:\n  - name: a\n    kinds: [key]\n    quota: { requests: 1, per: 24 }\n');
    const res = spawnSync(process.execPath, ['src/cli.ts', 'start'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: `xoxb-test-${randomBytes(6).toString('hex')}`,
        SLACK_SIGNING_SECRET: 'super-secret-signing-value',
        NEON_ORG_ID: 'org-demo-12345678',
        APPROVER_SLACK_IDS: 'UADMIN001',
        POLICY_FILE: path,
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(res.status).toBe(2);
    expect(res.stderr.trim()).toBe(`policy: ${path}: autoApprove[0].quota.per: expected string, received number`);
    expect(res.stdout).toBe('');
  });
});
