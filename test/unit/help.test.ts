import { describe, expect, it } from 'vitest';
import { type HelpPolicy, helpMessage } from '../../src/slack/blocks/help.ts';

function footerOf(policy: HelpPolicy, topic?: string): string {
  const last = helpMessage(topic, policy, '/neon').blocks.at(-1)!;
  if (last.type !== 'context') throw new Error(`the help ends with a ${last.type} block, not its footer`);
  return last.elements.map((e) => ('text' in e ? e.text : '')).join('');
}

const AUTO = "Some requests are approved automatically by your team's policy; the rest go to an approver.";
const EVERY = 'Every request goes to an approver';
const NOTHING = 'Nothing is done in Neon until someone approves.';
const EMERGENCY = 'In an emergency an approver may approve their own request';

describe('the help footer says how requests are decided under the loaded policy', () => {
  it.each([
    ['no policy rules', { autoApproval: false, breakGlass: false }, [EVERY, NOTHING], [AUTO, EMERGENCY]],
    [
      'auto-approval rules',
      { autoApproval: true, breakGlass: false },
      [AUTO, 'you get a DM with the outcome'],
      [EVERY, NOTHING, EMERGENCY],
    ],
    ['break-glass only', { autoApproval: false, breakGlass: true }, [EVERY, NOTHING, EMERGENCY], [AUTO]],
    [
      'auto-approval rules and break-glass',
      { autoApproval: true, breakGlass: true },
      [AUTO, EMERGENCY],
      [EVERY, NOTHING],
    ],
  ])('%s', (_what, policy, says, never) => {
    const footer = footerOf(policy);
    for (const s of says) expect(footer).toContain(s);
    for (const s of never) expect(footer).not.toContain(s);
  });

  const ESCALATED = 'is shown to more approvers';
  const NUDGE = '*Nudge approvers* button';
  it.each([
    ['without escalation', { autoApproval: false, breakGlass: false }, [NUDGE], [ESCALATED]],
    ['with escalation', { autoApproval: false, breakGlass: false, escalation: true }, [NUDGE, ESCALATED], []],
  ])('%s: the Nudge approvers button always, escalation when the policy has one', (_what, policy, says, never) => {
    const footer = footerOf(policy);
    for (const s of says) expect(footer).toContain(s);
    for (const s of never) expect(footer).not.toContain(s);
    expect(footer).toContain('once every 30 minutes');
  });

  it.each<[string, HelpPolicy, string[], string[]]>([
    [
      'a quorum and MFA for admins',
      { autoApproval: false, breakGlass: false, quorum: true, mfaRoles: ['admin'] },
      ['more than one approver', 'The admin role is given only to people with two-factor authentication (MFA) on'],
      [],
    ],
    [
      'MFA for two roles',
      { autoApproval: false, breakGlass: false, mfaRoles: ['admin', 'member'] },
      ['The admin and member roles are given only'],
      ['more than one approver'],
    ],
    ['no MFA roles', { autoApproval: false, breakGlass: false, mfaRoles: [] }, [EVERY], ['MFA']],
  ])('%s', (_what, policy, says, never) => {
    const footer = footerOf(policy);
    for (const s of says) expect(footer).toContain(s);
    for (const s of never) expect(footer).not.toContain(s);
  });

  it('help on one topic ends with the same footer', () => {
    const policy = { autoApproval: true, breakGlass: false };
    expect(footerOf(policy, 'key')).toBe(footerOf(policy));
    expect(helpMessage('key', policy, '/neon').blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
  });
});

describe('the help names the command the bot is configured with (SLASH_COMMAND)', () => {
  const policy = { autoApproval: false, breakGlass: false };

  it('in every usage line and example, and nowhere the default name', () => {
    const help = helpMessage(undefined, policy, '/neon-access');
    const rendered = JSON.stringify(help);
    expect(help.text.split('\n').every((line) => line.startsWith('/neon-access '))).toBe(true);
    for (const s of [
      '`/neon-access invite [admin|member|editor|viewer|collaborator] [reason…]`',
      '`/neon-access admin remove &lt;@user | email&gt; [reason…]`',
      '`/neon-access key billing-api for 8h debugging invoices`',
      '`/neon-access admin connect`',
    ]) {
      expect(rendered).toContain(s);
    }
    expect(rendered).not.toMatch(/\/neon(?!-access)/);
  });
});
