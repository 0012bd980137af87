import { describe, expect, it } from 'vitest';
import { newRequestId, parseRequestId, REQUEST_ID_ALPHABET } from '../../src/domain/request-id.ts';

const FORMAT = /^R-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

/** A random source that returns the given bytes in order, repeating the last one. */
function bytes(...values: number[]): (n: number) => Uint8Array {
  let next = 0;
  return (n) => Uint8Array.from({ length: n }, () => values[Math.min(next++, values.length - 1)] ?? 0);
}

describe('newRequestId', () => {
  it.each([
    ['bytes 0..7', bytes(0, 1, 2, 3, 4, 5, 6, 7), 'R-23456789'],
    ['bytes that wrap around the alphabet', bytes(31, 32, 33, 62, 247, 30, 61, 92), 'R-2342ZZZZ'],
    ['rejected bytes (≥ 248) skipped', bytes(255, 248, 0, 250, 1, 2, 3, 4, 5, 6, 7), 'R-23456789'],
    ['a source that is mostly rejected', bytes(...Array<number>(40).fill(255), 9), 'R-BBBBBBBB'],
  ])('%s → %s', (_, random, id) => {
    expect(newRequestId(random)).toBe(id);
  });

  it('maps every usable byte value to each character equally often', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 248; b += 1) {
      const char = newRequestId(bytes(b)).charAt(2);
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...REQUEST_ID_ALPHABET].sort().join(''));
    expect(new Set(counts.values())).toEqual(new Set([8]));
  });

  it('gives up on a source that never yields usable bytes', () => {
    expect(() => newRequestId(bytes(255))).toThrow(/random source/);
  });

  it('produces well-formed ids that parse back to themselves', () => {
    let seed = 7;
    const random = (n: number) =>
      Uint8Array.from({ length: n }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed & 0xff;
      });
    for (let i = 0; i < 200; i += 1) {
      const id = newRequestId(random);
      expect(id).toMatch(FORMAT);
      expect(parseRequestId(id)).toBe(id);
    }
  });
});

describe('parseRequestId', () => {
  it.each([
    ['R-7KQ2M9XD', 'R-7KQ2M9XD'],
    ['r-7kq2m9xd', 'R-7KQ2M9XD'],
    ['7KQ2M9XD', 'R-7KQ2M9XD'],
    ['  R-7KQ2M9XD  ', 'R-7KQ2M9XD'],
    ['R-7KQ2M9X', undefined],
    ['R-7KQ2M9XDE', undefined],
    ['R-0KQ2M9XD', undefined],
    ['R-OKQ2M9XD', undefined],
    ['R-1KQ2M9XD', undefined],
    ['R-IKQ2M9XD', undefined],
    ['R-LKQ2M9XD', undefined],
    ['X-7KQ2M9XD', undefined],
    ['R_7KQ2M9XD', undefined],
    ['R-7KQ 2M9XD', undefined],
    ['', undefined],
  ])('%j → %s', (text, id) => {
    expect(parseRequestId(text)).toBe(id);
  });
});
