import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  inlineCode,
  LIMITS,
  mentionUser,
  mrkdwnText,
  plainText,
  truncate,
} from '../../src/slack/text.ts';

const codePoints = (s: string): number => [...s].length;
const hasLoneSurrogate = (s: string): boolean => /\p{Surrogate}/u.test(s);
/** Every `&` must start a whole entity, and no raw `<` or `>` may remain. */
const entitiesIntact = (s: string): boolean => !/[<>]/.test(s) && !/&(?!amp;|lt;|gt;)/.test(s);

describe('escapeMrkdwn', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a & b', 'a &amp; b'],
    ['<b>', '&lt;b&gt;'],
    ['&lt;', '&amp;lt;'],
    ['&amp;', '&amp;amp;'],
    ['*bold* _it_ ~s~ `code` "q" \'s\'', '*bold* _it_ ~s~ `code` "q" \'s\''],
    ['', ''],
  ])('%j → %j', (input, escaped) => {
    expect(escapeMrkdwn(input)).toBe(escaped);
  });

  it.each([
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U123>',
    '<@U123|bob>',
    '<#C123|general>',
    '<!subteam^S123|@ops>',
    '<https://evil|click>',
    '<!date^1392734382^{date}|x>',
  ])('%j cannot survive as a control sequence', (payload) => {
    const escaped = escapeMrkdwn(`hi ${payload} there`);
    expect(escaped).not.toMatch(/[<>]/);
    expect(entitiesIntact(escaped)).toBe(true);
  });
});

describe('truncate', () => {
  it.each([
    ['abc', 3, 'abc'],
    ['abcd', 3, 'ab…'],
    ['ab', 1, '…'],
    ['', 1, ''],
    ['hello world', 7, 'hello…'],
    ['😀😀', 2, '😀😀'],
    ['😀😀😀', 2, '😀…'],
    ['a😀b', 2, 'a…'],
    ['😀a', 1, '…'],
    ['東京タワー', 3, '東京…'],
  ])('(%j, %i) → %j', (input, max, output) => {
    expect(truncate(input, max)).toBe(output);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses max %d', (max) => {
    expect(() => truncate('abc', max)).toThrow(RangeError);
  });

  it('never exceeds max nor splits a surrogate pair', () => {
    const source = 'a😀é👨‍👩‍👧 b🇫🇷c';
    for (let length = 0; length < 40; length += 1) {
      const input = source.repeat(3).slice(0, length);
      for (let max = 1; max <= 12; max += 1) {
        const out = truncate(input, max);
        expect(codePoints(out)).toBeLessThanOrEqual(max);
        if (!hasLoneSurrogate(input)) expect(hasLoneSurrogate(out)).toBe(false);
      }
    }
  });
});

describe('mrkdwnText', () => {
  it.each([
    ['a&b', 7, 'a&amp;b'],
    ['a&b', 6, 'a…'],
    ['a&b', 5, 'a…'],
    ['&&', 5, '…'],
    ['&&', 6, '&amp;…'],
    ['<<<<', 8, '&lt;…'],
    ['<!channel>', 100, '&lt;!channel&gt;'],
    ['<!channel>', 10, '&lt;!chan…'],
    ['plain', 5, 'plain'],
    ['plain text', 6, 'plain…'],
    ['😀&😀', 7, '😀&amp;😀'],
    ['😀&😀', 6, '😀…'],
  ])('(%j, %i) → %j', (input, max, output) => {
    expect(mrkdwnText(input, max)).toBe(output);
  });

  it('never leaves a broken entity, a raw control character or an overlong result', () => {
    const alphabet = ['&', '<', '>', 'a', ' ', '😀', 'é'];
    let state = 1;
    const next = () => (state = (state * 48271) % 2147483647);
    for (let i = 0; i < 2000; i += 1) {
      const input = Array.from({ length: next() % 30 }, () => alphabet[next() % alphabet.length]).join('');
      const max = 1 + (next() % 40);
      const out = mrkdwnText(input, max);
      expect(codePoints(out)).toBeLessThanOrEqual(max);
      expect(entitiesIntact(out)).toBe(true);
      if (!out.endsWith('…')) expect(out).toBe(escapeMrkdwn(input));
    }
  });

  it('fits a section exactly', () => {
    const out = mrkdwnText('&'.repeat(4000), LIMITS.sectionText);
    expect(codePoints(out)).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(out).toBe(`${'&amp;'.repeat(599)}…`);
  });
});

describe('plainText', () => {
  it.each([
    ['<!channel> & co', 100, '<!channel> & co'],
    ['Request R-7KQ2M9XD for a very long project name', 24, 'Request R-7KQ2M9XD for…'],
    ['😀😀😀', 2, '😀…'],
  ])('(%j, %i) → %j', (input, max, output) => {
    expect(plainText(input, max)).toBe(output);
  });
});

describe('inlineCode', () => {
  it.each([
    ['billing-api', '`billing-api`'],
    ['a`b', '`aˋb`'],
    ['```', '`ˋˋˋ`'],
    ['two\nlines', '`two lines`'],
    ['  spaced\t\tout  ', '`spaced out`'],
    ['<!here> & co', '`&lt;!here&gt; &amp; co`'],
    ['', '` `'],
  ])('%j → %j', (input, output) => {
    expect(inlineCode(input)).toBe(output);
  });
});

describe('mentionUser', () => {
  it.each([
    ['U012ABC', '<@U012ABC>'],
    ['W0ABC', '<@W0ABC>'],
    ['u012abc', '`u012abc`'],
    ['U1', '`U1`'],
    ['C012ABC', '`C012ABC`'],
    ['U012ABC>', '`U012ABC&gt;`'],
    ['<!channel>', '`&lt;!channel&gt;`'],
    ['', '` `'],
  ])('%j → %j', (id, output) => {
    expect(mentionUser(id)).toBe(output);
  });
});

describe('LIMITS', () => {
  it.each([
    ['sectionText', 3000],
    ['header', 150],
    ['optionText', 75],
  ] as const)('%s = %i', (name, value) => {
    expect(LIMITS[name]).toBe(value);
  });
});
