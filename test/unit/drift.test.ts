import { describe, expect, it } from 'vitest';
import { type BotSide, type DriftInput, EXPIRY_GRACE_MS, findDrift, type NeonSide } from '../../src/domain/drift.ts';
import { keyNameFor, requestIdOfKeyName } from '../../src/domain/issued-key.ts';

const NOW = new Date('2025-06-30T12:00:00Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const noNeon: NeonSide = { members: [], keys: [], invitations: [] };
const noBot: BotSide = { adminEmails: [], liveKeys: [], keyRequestsInFlight: [], temporaryRoles: [] };

function input(over: { neon?: Partial<NeonSide>; bot?: Partial<BotSide>; slackDeactivated?: string[] }): DriftInput {
  return {
    neon: { ...noNeon, ...over.neon },
    bot: { ...noBot, ...over.bot },
    slackDeactivated: over.slackDeactivated ?? [],
    now: NOW,
    inviteMaxAgeMs: 14 * DAY,
  };
}

const member = (email: string, role: string, memberId = `m-${email}`) => ({ memberId, email, role });
const key = (id: number, name: string, projectId?: string) => ({ id, name, projectId });
const liveKey = (requestId: string, keyId: number) => ({ requestId, keyId, projectId: 'shop-1', requesterId: 'UMIA' });
const tempRole = (requestId: string, expiresAt: Date) => ({
  requestId,
  email: 'Tia@Example.com',
  targetUserId: 'UTIA',
  role: 'admin' as const,
  expiresAt,
});

describe('findDrift', () => {
  const cases: { name: string; given: Parameters<typeof input>[0]; found: unknown[] }[] = [
    { name: 'nothing anywhere', given: {}, found: [] },
    {
      name: 'an admin the bot never granted',
      given: { neon: { members: [member('ada@example.com', 'admin')] } },
      found: [{ kind: 'admin_not_granted', email: 'ada@example.com', memberId: 'm-ada@example.com' }],
    },
    {
      name: 'an admin the bot granted, whatever the case of either email',
      given: { neon: { members: [member('Lia@Example.com', 'admin')] }, bot: { adminEmails: ['lia@EXAMPLE.com'] } },
      found: [],
    },
    {
      name: 'members, and roles other than admin, are not admins to explain',
      given: { neon: { members: [member('tom@example.com', 'member'), member('vic@example.com', 'viewer')] } },
      found: [],
    },
    {
      name: 'a key named by the bot for a request it has no live record of',
      given: { neon: { keys: [key(7, 'neon-access-bot R-7KQ2M9XD', 'shop-1')] } },
      found: [
        {
          kind: 'unknown_bot_key',
          keyId: 7,
          keyName: 'neon-access-bot R-7KQ2M9XD',
          requestId: 'R-7KQ2M9XD',
          projectId: 'shop-1',
        },
      ],
    },
    {
      name: 'an org-wide key named by the bot: no project',
      given: { neon: { keys: [key(8, 'neon-access-bot R-7KQ2M9XD')] } },
      found: [
        {
          kind: 'unknown_bot_key',
          keyId: 8,
          keyName: 'neon-access-bot R-7KQ2M9XD',
          requestId: 'R-7KQ2M9XD',
          projectId: undefined,
        },
      ],
    },
    {
      name: 'a key the bot recorded, present in Neon',
      given: { neon: { keys: [key(7, 'neon-access-bot R-7KQ2M9XD')] }, bot: { liveKeys: [liveKey('R-7KQ2M9XD', 7)] } },
      found: [],
    },
    {
      name: 'a second key named for a recorded request (an orphan of a retry) is unknown',
      given: {
        neon: { keys: [key(7, 'neon-access-bot R-7KQ2M9XD'), key(9, 'neon-access-bot R-7KQ2M9XD')] },
        bot: { liveKeys: [liveKey('R-7KQ2M9XD', 7)] },
      },
      found: [{ kind: 'unknown_bot_key', keyId: 9, requestId: 'R-7KQ2M9XD' }],
    },
    {
      name: 'a key named for a request being carried out right now is not drift',
      given: { neon: { keys: [key(7, 'neon-access-bot R-7KQ2M9XD')] }, bot: { keyRequestsInFlight: ['R-7KQ2M9XD'] } },
      found: [],
    },
    {
      name: 'keys not named by the bot, or named almost like it, are not its business',
      given: {
        neon: {
          keys: [
            key(1, 'ci deploy'),
            key(2, 'neon-access-bot r-7kq2m9xd'),
            key(3, 'neon-access-bot R-7KQ2M9XD extra'),
            key(4, 'neon-access-bot R-0000000O'),
          ],
        },
      },
      found: [],
    },
    {
      name: 'a key the bot counts as live that Neon no longer lists',
      given: { bot: { liveKeys: [liveKey('R-7KQ2M9XD', 7)] } },
      found: [
        { kind: 'recorded_key_missing', requestId: 'R-7KQ2M9XD', keyId: 7, projectId: 'shop-1', requesterId: 'UMIA' },
      ],
    },
    {
      name: 'an invitation pending longer than the limit',
      given: {
        neon: { invitations: [{ email: 'Old@Example.com', role: 'member', invitedAt: ago(15 * DAY).toISOString() }] },
      },
      found: [{ kind: 'stale_invitation', email: 'old@example.com', role: 'member', invitedAt: ago(15 * DAY) }],
    },
    {
      name: 'an invitation exactly at the limit, a younger one, and one with an unreadable date',
      given: {
        neon: {
          invitations: [
            { email: 'edge@example.com', role: 'member', invitedAt: ago(14 * DAY).toISOString() },
            { email: 'new@example.com', role: 'member', invitedAt: ago(DAY).toISOString() },
            { email: 'odd@example.com', role: 'member', invitedAt: 'yesterday' },
          ],
        },
      },
      found: [],
    },
    {
      name: 'an old invitation of someone who joined since (Neon lists accepted ones too)',
      given: {
        neon: {
          members: [member('joined@example.com', 'member')],
          invitations: [{ email: 'JOINED@example.com', role: 'member', invitedAt: ago(40 * DAY).toISOString() }],
        },
      },
      found: [],
    },
    {
      name: 'a temporary role past its end by more than the grace',
      given: { bot: { temporaryRoles: [tempRole('R-TEMP2345', ago(EXPIRY_GRACE_MS + 1))] } },
      found: [
        {
          kind: 'expired_role',
          requestId: 'R-TEMP2345',
          email: 'tia@example.com',
          targetUserId: 'UTIA',
          role: 'admin',
          expiredAt: ago(EXPIRY_GRACE_MS + 1),
        },
      ],
    },
    {
      name: 'a temporary role just past its end (its job may be running) or still live',
      given: {
        bot: {
          temporaryRoles: [
            tempRole('R-TEMP2345', ago(EXPIRY_GRACE_MS)),
            tempRole('R-LIVE2345', new Date(NOW.getTime() + DAY)),
          ],
        },
      },
      found: [],
    },
    {
      name: 'a member whose Slack account is deactivated, matched case-insensitively',
      given: { neon: { members: [member('Gone@Example.com', 'member')] }, slackDeactivated: ['gone@example.COM'] },
      found: [{ kind: 'slack_deactivated', email: 'gone@example.com', memberId: 'm-Gone@Example.com', role: 'member' }],
    },
  ];

  it.each(cases)('$name', ({ given, found }) => {
    const findings = findDrift(input(given));
    expect(findings).toHaveLength(found.length);
    for (const [i, f] of found.entries()) expect(findings[i]).toMatchObject(f as object);
  });

  it('orders findings by kind (most access first), then by subject, whatever order Neon listed them in', () => {
    const findings = findDrift(
      input({
        neon: {
          members: [
            member('zed@example.com', 'admin'),
            member('amy@example.com', 'admin'),
            member('gus@example.com', 'member'),
          ],
          keys: [key(20, 'neon-access-bot R-BBBBBBBB'), key(3, 'neon-access-bot R-AAAAAAAA')],
          invitations: [{ email: 'old@example.com', role: 'member', invitedAt: ago(30 * DAY).toISOString() }],
        },
        bot: { liveKeys: [liveKey('R-CCCCCCCC', 5)], temporaryRoles: [tempRole('R-TEMP2345', ago(DAY))] },
        slackDeactivated: ['gus@example.com'],
      }),
    );
    expect(findings.map((f) => [f.kind, 'email' in f ? f.email : 'keyId' in f ? f.keyId : ''])).toEqual([
      ['admin_not_granted', 'amy@example.com'],
      ['admin_not_granted', 'zed@example.com'],
      ['unknown_bot_key', 3],
      ['unknown_bot_key', 20],
      ['expired_role', 'tia@example.com'],
      ['slack_deactivated', 'gus@example.com'],
      ['recorded_key_missing', 5],
      ['stale_invitation', 'old@example.com'],
    ]);
  });
});

describe('requestIdOfKeyName', () => {
  it.each([
    [keyNameFor('R-7KQ2M9XD'), 'R-7KQ2M9XD'],
    ['neon-access-bot R-7kq2m9xd', undefined],
    ['neon-access-bot 7KQ2M9XD', undefined],
    [' neon-access-bot R-7KQ2M9XD', undefined],
    ['neon-access-bot R-7KQ2M9XD ', undefined],
    ['neon-access-bot', undefined],
    ['my key', undefined],
  ])('%j → %s', (name, id) => {
    expect(requestIdOfKeyName(name)).toBe(id);
  });
});
