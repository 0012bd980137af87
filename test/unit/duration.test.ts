import { describe, expect, it } from 'vitest';
import { formatDuration, MIN_DURATION_MS, parseDuration } from '../../src/domain/duration.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * MINUTE],
    ['8h', 8 * HOUR],
    ['7d', 7 * DAY],
    ['2w', 2 * WEEK],
    ['1m', MIN_DURATION_MS],
    ['90m', 90 * MINUTE],
    ['1h30m', 90 * MINUTE],
    ['1w2d3h4m', WEEK + 2 * DAY + 3 * HOUR + 4 * MINUTE],
    ['1d0h', DAY],
    ['8H', 8 * HOUR],
    ['2W', 2 * WEEK],
    [' 8h ', 8 * HOUR],
    ['08h', 8 * HOUR],
    ['999999w', 999_999 * WEEK],
  ])('%j → %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['', 'format'],
    ['   ', 'format'],
    ['8', 'format'],
    ['h', 'format'],
    ['30s', 'format'],
    ['99x', 'format'],
    ['1.5h', 'format'],
    ['-1h', 'format'],
    ['+1h', 'format'],
    ['1 h', 'format'],
    ['8hours', 'format'],
    ['1m1h', 'format'],
    ['1h1h', 'format'],
    ['1234567m', 'format'],
    ['٨h', 'format'],
    ['0m', 'minimum'],
    ['0w0d0h0m', 'minimum'],
    ['0h', 'minimum'],
  ])('%j is refused (%s)', (text, why) => {
    const result = parseDuration(text);
    expect(result).toMatchObject({ ok: false, code: 'bad_duration' });
    if (result.ok) return;
    expect(result.message).toMatch(why === 'minimum' ? /at least 1 minute/ : /number and a unit/);
    expect(result.message).not.toMatch(/[<>&]/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [29_999, '0m'],
    [30_000, '1m'],
    [MINUTE, '1m'],
    [30 * MINUTE, '30m'],
    [90 * MINUTE, '1h 30m'],
    [8 * HOUR, '8h'],
    [DAY, '1d'],
    [DAY + 4 * HOUR, '1d 4h'],
    [DAY + 5 * MINUTE, '1d 5m'],
    [2 * WEEK, '14d'],
    [2 * DAY + 3 * HOUR + 4 * MINUTE, '2d 3h 4m'],
  ])('%i ms → %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });

  it.each([MINUTE, 45 * MINUTE, 25 * HOUR, 2 * WEEK + 1 * MINUTE, 400 * DAY])(
    'round-trips %i ms through parseDuration once spaces are removed',
    (ms) => {
      expect(parseDuration(formatDuration(ms).replaceAll(' ', ''))).toEqual({ ok: true, ms });
    },
  );
});
