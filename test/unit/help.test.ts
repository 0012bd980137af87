import { describe, expect, it } from 'vitest';
import { helpMessage, type HelpPolicy } from '../../src/slack/blocks/help.ts';

function footerOf(policy: HelpPolicy, topic?: string): string {
  const last = helpMessage(topic, policy).blocks.at(-1)!;
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
    ['auto-approval rules', { autoApproval: true, breakGlass: false }, [AUTO, 'you get a DM with the outcome'], [EVERY, NOTHING, EMERGENCY]],
    ['break-glass only', { autoApproval: false, breakGlass: true }, [EVERY, NOTHING, EMERGENCY], [AUTO]],
    ['auto-approval rules and break-glass', { autoApproval: true, breakGlass: true }, [AUTO, EMERGENCY], [EVERY, NOTHING]],
  ])('%s', (_what, policy, says, never) => {
    const footer = footerOf(policy);
    for (const s of says) expect(footer).toContain(s);
    for (const s of never) expect(footer).not.toContain(s);
  });

  it('help on one topic ends with the same footer', () => {
    const policy = { autoApproval: true, breakGlass: false };
    expect(footerOf(policy, 'key')).toBe(footerOf(policy));
    expect(helpMessage('key', policy).blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
  });
});
