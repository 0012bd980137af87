import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.ts';
import { MAX_REASON_LENGTH, type ParseErrorCode } from '../../src/domain/command-grammar.ts';

// Every error code, checked for exhaustiveness by the compiler.
const CODES: Record<ParseErrorCode, true> = {
  unknown_subcommand: true,
  missing_argument: true,
  unexpected_argument: true,
  bad_duration: true,
  duplicate_duration: true,
  misplaced_duration: true,
  bad_role: true,
  bad_user: true,
  bad_email: true,
  unresolved_user: true,
  bad_project: true,
  bad_request_id: true,
  bad_key_id: true,
  invite_self_only: true,
  too_long: true,
};

/** mulberry32: a small seeded PRNG, so every run feeds the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fragments near the grammar make the parser go deep; random code points cover the rest.
const FRAGMENTS = [
  'help',
  'invite',
  'key',
  'role',
  'mine',
  'cancel',
  'revoke',
  'admin',
  'connect',
  'pending',
  'ADMIN',
  'member',
  'for',
  'FOR',
  '30m',
  '8h',
  '7d',
  '2w',
  '0m',
  '99x',
  '1h30m',
  '1.5h',
  '<@U012ABC>',
  '<@U012ABC|bob smith>',
  '<@u1>',
  '<!channel>',
  '<!here>',
  '@bob',
  '<#C1|x>',
  '&amp;',
  '&lt;',
  '&gt;',
  '&',
  '<',
  '>',
  '"',
  '“',
  '”',
  '`',
  'R-7KQ2M9XD',
  'r-2345',
  '42',
  '-1',
  'bob@example.com',
  '<mailto:a@b.co|a@b.co>',
  '<https://evil|click>',
  '🚀',
  '👨‍👩‍👧',
  'é',
  '東京',
];
const SPACES = [' ', '  ', '\t', '\n', '\u00A0', '\u200B', '\u3000', ''];

function randomText(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const parts: string[] = [];
  const count = Math.floor(random() * 12);
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    if (roll < 0.6) parts.push(pick(FRAGMENTS));
    // Any code unit, lone surrogates included: Slack should not send them, but nothing may crash.
    else if (roll < 0.9) parts.push(String.fromCharCode(Math.floor(random() * 0x10000)));
    else parts.push('z'.repeat(Math.floor(random() * 700)));
    parts.push(pick(SPACES));
  }
  return parts.join('');
}

describe('parseCommand on random input', () => {
  const random = prng(20_241_123);
  const inputs = Array.from({ length: 500 }, () => randomText(random));

  it('never throws, and always explains an error with a safe message', () => {
    let errors = 0;
    for (const text of inputs) {
      const parsed = parseCommand(text, '/neon');
      if (!parsed.ok) {
        errors += 1;
        expect(CODES[parsed.code], text).toBe(true);
        expect(parsed.message.trim().length, text).toBeGreaterThan(10);
        expect(parsed.message, text).not.toMatch(/[<>&]/);
        continue;
      }
      const command = parsed.command;
      if ('reason' in command) expect([...command.reason].length, text).toBeLessThanOrEqual(MAX_REASON_LENGTH);
      if ('durationMs' in command) expect(command.durationMs, text).toBeGreaterThanOrEqual(60_000);
      if ('targetUserId' in command) expect(command.targetUserId, text).toMatch(/^[UW][A-Z0-9]{2,}$/);
      if (command.name === 'cancel') expect(command.requestId).toMatch(/^R-[2-9A-HJKMNP-Z]{8}$/);
      if (command.name === 'revoke') expect(Number.isSafeInteger(command.keyId) && command.keyId > 0).toBe(true);
    }
    // The generator must exercise both outcomes to be worth anything.
    expect(errors).toBeGreaterThan(50);
    expect(errors).toBeLessThan(inputs.length);
  });

  it('is deterministic', () => {
    for (const text of inputs.slice(0, 50)) expect(parseCommand(text, '/neon')).toEqual(parseCommand(text, '/neon'));
  });
});
