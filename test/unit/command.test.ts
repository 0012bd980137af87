import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.ts';
import {
  ADMIN_ACTIONS,
  type Command,
  MAX_REASON_LENGTH,
  type ParseErrorCode,
  SUBCOMMANDS,
} from '../../src/domain/command-grammar.ts';
import { ORG_ROLES } from '../../src/domain/request.ts';

/** The default SLASH_COMMAND; the last block below checks another name reaches every message. */
const SLASH = '/neon';
const parse = (text: string) => parseCommand(text, SLASH);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseCommand: accepted forms', () => {
  it.each<[string, Command]>([
    // help and the empty command
    ['', { name: 'help' }],
    ['   ', { name: 'help' }],
    ['\t\n \u00A0\u200B', { name: 'help' }],
    ['help', { name: 'help' }],
    ['HeLp', { name: 'help' }],
    ['\u00A0help\u00A0', { name: 'help' }],
    ['help key', { name: 'help', topic: 'key' }],
    ['help ROLE', { name: 'help', topic: 'role' }],
    ['help me please', { name: 'help' }],

    // invite
    ['invite', { name: 'invite', role: 'member', reason: '' }],
    ['invite admin', { name: 'invite', role: 'admin', reason: '' }],
    ['INVITE Admin joining the data team', { name: 'invite', role: 'admin', reason: 'joining the data team' }],
    ['invite please add me', { name: 'invite', role: 'member', reason: 'please add me' }],
    ['invite member   keeps  inner   spacing  ', { name: 'invite', role: 'member', reason: 'keeps  inner   spacing' }],
    ['invite\tmember\nline one\nline two', { name: 'invite', role: 'member', reason: 'line one\nline two' }],
    ['invite member <!channel> look here', { name: 'invite', role: 'member', reason: '<!channel> look here' }],
    ['invite member &lt;!channel&gt; &amp; co', { name: 'invite', role: 'member', reason: '<!channel> & co' }],
    ['invite member &amp;lt; stays literal', { name: 'invite', role: 'member', reason: '&lt; stays literal' }],
    ['invite member 🚀 launch día 東京', { name: 'invite', role: 'member', reason: '🚀 launch día 東京' }],
    ['invite member for the record', { name: 'invite', role: 'member', reason: 'for the record' }],

    // key
    ['key', { name: 'key', reason: '' }],
    ['key billing-api', { name: 'key', project: 'billing-api', reason: '' }],
    [
      'key billing-api for 8h debugging invoices',
      { name: 'key', project: 'billing-api', durationMs: 8 * HOUR, reason: 'debugging invoices' },
    ],
    ['key for 30m', { name: 'key', durationMs: 30 * MINUTE, reason: '' }],
    ['key for 2w quick look', { name: 'key', durationMs: 14 * DAY, reason: 'quick look' }],
    ['KEY Billing-API FOR 8H', { name: 'key', project: 'Billing-API', durationMs: 8 * HOUR, reason: '' }],
    ['key "my project" for 1d', { name: 'key', project: 'my project', durationMs: DAY, reason: '' }],
    [
      'key “my project” for 1d curly quotes',
      { name: 'key', project: 'my project', durationMs: DAY, reason: 'curly quotes' },
    ],
    ['key "  spaced name " why', { name: 'key', project: 'spaced name', reason: 'why' }],
    [
      'key proj for 8h for the migration',
      { name: 'key', project: 'proj', durationMs: 8 * HOUR, reason: 'for the migration' },
    ],
    ['key proj for 1h30m', { name: 'key', project: 'proj', durationMs: 90 * MINUTE, reason: '' }],
    ['key proj because prod is down', { name: 'key', project: 'proj', reason: 'because prod is down' }],
    ['key proj\u00A0for\u00A08h\u00A0nbsp', { name: 'key', project: 'proj', durationMs: 8 * HOUR, reason: 'nbsp' }],
    ['key proj <@U012ABC> asked me', { name: 'key', project: 'proj', reason: '<@U012ABC> asked me' }],

    // role
    ['role admin', { name: 'role', role: 'admin', reason: '' }],
    [
      'ROLE ADMIN FOR 2H rotating credentials',
      { name: 'role', role: 'admin', durationMs: 2 * HOUR, reason: 'rotating credentials' },
    ],
    [
      'role member for 8h <@U012ABC> covering',
      { name: 'role', role: 'member', durationMs: 8 * HOUR, targetUserId: 'U012ABC', reason: 'covering' },
    ],
    [
      'role admin <@U012ABC|bob> for 2h',
      { name: 'role', role: 'admin', durationMs: 2 * HOUR, targetUserId: 'U012ABC', reason: '' },
    ],
    [
      'role <@W0ABC|Bob Smith> admin because',
      { name: 'role', role: 'admin', targetUserId: 'W0ABC', reason: 'because' },
    ],
    ['role for 1d admin', { name: 'role', role: 'admin', durationMs: DAY, reason: '' }],
    [
      'role admin &lt;@U012ABC&gt; escaped',
      { name: 'role', role: 'admin', targetUserId: 'U012ABC', reason: 'escaped' },
    ],
    ['role admin for 2h admin tasks', { name: 'role', role: 'admin', durationMs: 2 * HOUR, reason: 'admin tasks' }],
    [
      'role admin for 2h for the rollout',
      { name: 'role', role: 'admin', durationMs: 2 * HOUR, reason: 'for the rollout' },
    ],
    [
      'role admin <#C123|ops> channel is not a person',
      { name: 'role', role: 'admin', reason: '<#C123|ops> channel is not a person' },
    ],

    // the rest
    ['mine', { name: 'mine' }],
    ['MINE  ', { name: 'mine' }],
    ['cancel R-7KQ2M9XD', { name: 'cancel', requestId: 'R-7KQ2M9XD' }],
    ['cancel r-7kq2m9xd', { name: 'cancel', requestId: 'R-7KQ2M9XD' }],
    ['cancel 7kq2m9xd', { name: 'cancel', requestId: 'R-7KQ2M9XD' }],
    ['extend R-7KQ2M9XD 4h', { name: 'extend', requestId: 'R-7KQ2M9XD', durationMs: 4 * 3_600_000, reason: '' }],
    [
      'extend r-7kq2m9xd for 1h30m release slipped',
      { name: 'extend', requestId: 'R-7KQ2M9XD', durationMs: 90 * 60_000, reason: 'release slipped' },
    ],
    ['revoke 4242', { name: 'revoke', keyId: 4242 }],
    ['revoke 007', { name: 'revoke', keyId: 7 }],
    ['admin connect', { name: 'admin', action: 'connect' }],
    ['admin DISCONNECT', { name: 'admin', action: 'disconnect' }],
    ['Admin Pending', { name: 'admin', action: 'pending' }],
    ['admin reconcile', { name: 'admin', action: 'reconcile' }],

    // every role of Neon's MemberRole
    ['invite editor', { name: 'invite', role: 'editor', reason: '' }],
    ['invite VIEWER read-only dashboards', { name: 'invite', role: 'viewer', reason: 'read-only dashboards' }],
    ['invite collaborator', { name: 'invite', role: 'collaborator', reason: '' }],
    ['role viewer', { name: 'role', role: 'viewer', reason: '' }],
    [
      'role editor for 8h <@U012ABC> schema work',
      { name: 'role', role: 'editor', durationMs: 8 * HOUR, targetUserId: 'U012ABC', reason: 'schema work' },
    ],
    ['role <@U012ABC> collaborator', { name: 'role', role: 'collaborator', targetUserId: 'U012ABC', reason: '' }],

    // removing a member: a Slack user, or a Neon email as typed or as Slack links it
    ['admin remove <@U012ABC>', { name: 'admin', action: 'remove', targetUserId: 'U012ABC', reason: '' }],
    [
      'admin REMOVE <@U012ABC|eve smith> left the company',
      { name: 'admin', action: 'remove', targetUserId: 'U012ABC', reason: 'left the company' },
    ],
    [
      'admin remove Eve@Example.com left',
      { name: 'admin', action: 'remove', targetEmail: 'eve@example.com', reason: 'left' },
    ],
    [
      'admin remove <mailto:eve@example.com|eve@example.com> contractor ended',
      { name: 'admin', action: 'remove', targetEmail: 'eve@example.com', reason: 'contractor ended' },
    ],
    [
      'admin remove eve@example.com <@U012ABC> in the reason',
      { name: 'admin', action: 'remove', targetEmail: 'eve@example.com', reason: '<@U012ABC> in the reason' },
    ],
  ])('%j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });
});

describe('parseCommand: refused forms', () => {
  it.each<[string, ParseErrorCode]>([
    ['foo', 'unknown_subcommand'],
    ['invte', 'unknown_subcommand'],
    ['<!channel>', 'unknown_subcommand'],
    ['🚀', 'unknown_subcommand'],
    ['/neon help', 'unknown_subcommand'],

    ['invite @bob', 'invite_self_only'],
    ['invite admin <@U123ABC>', 'invite_self_only'],
    ['invite bob@example.com', 'invite_self_only'],
    ['invite <mailto:bob@example.com|bob@example.com>', 'invite_self_only'],
    ['invite member for 2w', 'unexpected_argument'],
    ['invite contractor for 2w', 'unexpected_argument'],

    ['key for', 'missing_argument'],
    ['key proj for', 'missing_argument'],
    ['key for 0m', 'bad_duration'],
    ['key for 99x', 'bad_duration'],
    ['key for 30s', 'bad_duration'],
    ['key for 1.5h', 'bad_duration'],
    ['key proj for the migration', 'bad_duration'],
    ['key proj for 1h 30m', 'bad_duration'],
    ['key proj for 8h for 2h', 'duplicate_duration'],
    ['key proj for 8h because for 2w it failed', 'duplicate_duration'],
    ['key my project for 8h', 'misplaced_duration'],
    ['key "my project for 8h', 'bad_project'],
    ['key "" for 8h', 'bad_project'],
    ['key <@U123ABC>', 'bad_project'],
    ['key @bob', 'bad_project'],
    [`key "${'p'.repeat(257)}"`, 'bad_project'],

    ['role', 'missing_argument'],
    ['role owner', 'bad_role'],
    ['role ADMINS', 'bad_role'],
    ['role for 2h', 'missing_argument'],
    ['role for 2h owner', 'bad_role'],
    ['role admin for', 'missing_argument'],
    ['role admin for 0m', 'bad_duration'],
    ['role admin for 99x', 'bad_duration'],
    ['role admin for 2h for 8h', 'duplicate_duration'],
    ['role admin need it for 2h', 'misplaced_duration'],
    ['role admin @bob', 'unresolved_user'],
    ['role admin <@u123abc>', 'bad_user'],
    ['role admin <@X123ABC>', 'bad_user'],
    ['role admin <@U1>', 'bad_user'],
    ['role admin <@U123ABC', 'bad_user'],
    ['role admin <!here>', 'bad_user'],
    ['role admin <!subteam^S123|@ops>', 'bad_user'],
    ['role admin <@U123ABC> <@U456DEF>', 'bad_user'],

    ['mine please', 'unexpected_argument'],
    ['cancel', 'missing_argument'],
    ['cancel R-123', 'bad_request_id'],
    ['cancel R-0OIL1234', 'bad_request_id'],
    ['cancel <!channel>', 'bad_request_id'],
    ['cancel R-7KQ2M9XD oops', 'unexpected_argument'],
    ['extend', 'missing_argument'],
    ['extend R-7KQ2M9XD', 'missing_argument'],
    ['extend 4h R-7KQ2M9XD', 'bad_request_id'],
    ['extend R-7KQ2M9XD soon', 'bad_duration'],
    ['revoke', 'missing_argument'],
    ['revoke 0', 'bad_key_id'],
    ['revoke -1', 'bad_key_id'],
    ['revoke abc', 'bad_key_id'],
    ['revoke 1.5', 'bad_key_id'],
    ['revoke 99999999999999999999', 'bad_key_id'],
    ['revoke 12 34', 'unexpected_argument'],
    ['admin', 'missing_argument'],
    ['admin foo', 'unknown_subcommand'],
    ['admin pending now', 'unexpected_argument'],
    ['admin remove', 'missing_argument'],
    ['admin remove eve', 'bad_email'],
    ['admin remove eve@localhost', 'bad_email'],
    ['admin remove <mailto:not-an-address|x>', 'bad_email'],
    ['admin remove @eve', 'unresolved_user'],
    ['admin remove <!here>', 'bad_user'],
    ['admin remove <@u1>', 'bad_user'],

    ['x'.repeat(2001), 'too_long'],
    [`invite ${'😀'.repeat(1994)}`, 'too_long'],
  ])('%j → %s', (text, code) => {
    const parsed = parse(text);
    expect(parsed).toMatchObject({ ok: false, code });
    if (parsed.ok) return;
    expect(parsed.message.length).toBeGreaterThan(10);
    // Messages are shown as mrkdwn unescaped, so they must never carry a control character.
    expect(parsed.message).not.toMatch(/[<>&]/);
  });
});

describe('parseCommand: messages', () => {
  it.each([
    ['role', '`/neon role` needs a role: `admin`, `member`, `editor`, `viewer` or `collaborator`.'],
    ['invte', '`/neon invte` is not a command. Did you mean `/neon invite`? `/neon help` lists them all.'],
    ['hlep', '`/neon hlep` is not a command. Did you mean `/neon help`? `/neon help` lists them all.'],
    ['qqqqqq', '`/neon qqqqqq` is not a command. `/neon help` lists them all.'],
    ['<!channel>', 'That is not a command. `/neon help` lists them all.'],
    ['role owner', '`owner` is not a role here: use `admin`, `member`, `editor`, `viewer` or `collaborator`.'],
    ['role <!channel>', "Name one person, not a group or channel: pick them from Slack's autocomplete list."],
    ['admin', '`/neon admin` needs one of `connect`, `disconnect`, `pending`, `reconcile` or `remove`.'],
    [
      'admin remove',
      '`/neon admin remove` needs the person: pick them with @ or give their Neon email, e.g. `/neon admin remove eve@example.com left the company`.',
    ],
    [
      'admin remove eve',
      '`eve` is neither a person nor an email: pick them with @ or give their Neon email, e.g. `/neon admin remove eve@example.com left the company`.',
    ],
  ])('%j', (text, message) => {
    expect(parse(text)).toMatchObject({ ok: false, message });
  });

  it('tells a plain @name to use the autocomplete', () => {
    expect(parse('role admin @bob')).toMatchObject({ message: expect.stringContaining('autocomplete') });
  });
});

describe('parseCommand: lengths', () => {
  it.each([
    ['ASCII reason', `invite ${'a'.repeat(600)}`],
    ['emoji reason', `invite ${'😀'.repeat(1993)}`],
    ['entity-escaped reason', `invite ${'&amp;'.repeat(1993)}`],
  ])('caps a long %s at the reason limit, ending with an ellipsis', (_, text) => {
    const parsed = parse(text);
    if (!parsed.ok || parsed.command.name !== 'invite') throw new Error(`unexpected ${JSON.stringify(parsed)}`);
    expect([...parsed.command.reason]).toHaveLength(MAX_REASON_LENGTH);
    expect(parsed.command.reason.endsWith('…')).toBe(true);
    expect(parsed.command.reasonShortened).toBe(true);
  });

  it.each([
    ['invite member', 'invite'],
    ['key billing-api for 8h', 'key'],
    ['role admin for 2h', 'role'],
    ['admin remove eve@example.com', 'admin'],
  ])('flags a cut reason for every kind that takes one (%s), and only a cut one', (head, name) => {
    const cut = parse(`${head} ${'a'.repeat(MAX_REASON_LENGTH + 1)}`);
    expect(cut).toMatchObject({ ok: true, command: { name, reasonShortened: true } });
    const whole = parse(`${head} ${'a'.repeat(MAX_REASON_LENGTH)}`);
    if (!whole.ok || !('reason' in whole.command)) throw new Error(`unexpected ${JSON.stringify(whole)}`);
    expect(whole.command.reason).toHaveLength(MAX_REASON_LENGTH);
    expect(whole.command).not.toHaveProperty('reasonShortened');
  });

  it.each([
    ['2000 code points', `invite ${'x'.repeat(1993)}`, true],
    ['2001 code points', `invite ${'x'.repeat(1994)}`, false],
    ['2000 astral code points (4000 UTF-16 units)', `invite ${'😀'.repeat(1993)}`, true],
    ['a huge input', 'invite '.repeat(100_000), false],
  ])('%s → ok %s', (_, text, ok) => {
    expect(parse(text).ok).toBe(ok);
  });
});

describe('SUBCOMMANDS metadata', () => {
  // Usage and example are what follows the slash command, whichever name it has.
  it.each(SUBCOMMANDS.map((c) => [c.name, c] as const))(
    '%s: example parses to itself, usage starts with its name',
    (name, info) => {
      expect(info.usage.split(' ')[0]).toBe(name);
      expect(info.description.length).toBeGreaterThan(10);
      const parsed = parse(info.example);
      expect(parsed).toMatchObject({ ok: true, command: { name } });
    },
  );

  // An action that takes arguments shows placeholders (`<@user | email>`), which name no one.
  it.each(ADMIN_ACTIONS.filter((a) => !a.usage.includes('<')).map((a) => [a.name, a] as const))(
    'admin %s: usage parses',
    (action, info) => {
      expect(parse(info.usage)).toEqual({ ok: true, command: { name: 'admin', action } });
    },
  );

  it('admin remove: usage starts with its name and names both ways to give the person', () => {
    const remove = ADMIN_ACTIONS.find((a) => a.name === 'remove')!;
    expect(remove.usage).toBe('admin remove <@user | email> [reason…]');
  });

  it("role and invite usages list exactly Neon's MemberRole", () => {
    for (const name of ['role', 'invite'])
      expect(SUBCOMMANDS.find((c) => c.name === name)?.usage).toContain(ORG_ROLES.join('|'));
  });

  it('only admin is admin-only', () => {
    expect(SUBCOMMANDS.filter((c) => c.adminOnly).map((c) => c.name)).toEqual(['admin']);
  });
});

describe('parseCommand: another command name (SLASH_COMMAND)', () => {
  const OTHER = '/neon-access';
  // Every message below names the command; with another name it names that one, and only that.
  it.each([
    'invte',
    'qqqqqq',
    '<!channel>',
    'invite @bob',
    'invite member for 2w',
    'key my project for 8h',
    'key "my project for 8h',
    'key <@U123ABC>',
    'role',
    'role admin need it for 2h',
    'mine please',
    'cancel',
    'cancel R-123',
    'cancel R-7KQ2M9XD oops',
    'extend R-7KQ2M9XD',
    'revoke',
    'revoke abc',
    'revoke 12 34',
    'admin',
    'admin pending now',
    'admin remove',
    'admin remove eve',
  ])('%j', (text) => {
    const asDefault = parse(text);
    const asOther = parseCommand(text, OTHER);
    if (asDefault.ok || asOther.ok) throw new Error(`${text} parsed`);
    expect(asOther.message).toContain(OTHER);
    expect(asOther.message).not.toMatch(/\/neon(?!-access)/);
    expect(asOther).toEqual({ ...asDefault, message: asDefault.message.replaceAll(SLASH, OTHER) });
  });

  it('reads the same commands whatever its name', () => {
    expect(parseCommand('role admin for 2h on call', OTHER)).toEqual(parse('role admin for 2h on call'));
  });
});
