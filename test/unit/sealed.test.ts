import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealedBox } from '../../src/crypto/sealed.ts';

const box = new SealedBox(randomBytes(32));
const secret = `napi_${'k'.repeat(64)}`;

describe('SealedBox', () => {
  it('round-trips, with a fresh IV each time and no plaintext in the sealed form', () => {
    const a = box.seal(secret, 'ctx');
    const b = box.seal(secret, 'ctx');
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(box.open(a, 'ctx')).toBe(secret);
  });

  it.each([
    ['another context', (s: string) => s, 'other'],
    ['a flipped ciphertext byte', (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1), 'ctx'],
    ['a truncated value', (s: string) => s.split('.').slice(0, 3).join('.'), 'ctx'],
    ['another version', (s: string) => s.replace(/^v1/, 'v0'), 'ctx'],
  ])('refuses to open %s', (_what, tamper, context) => {
    expect(box.open(tamper(box.seal(secret, 'ctx')), context)).toBeUndefined();
  });

  it('refuses a value sealed under another key', () => {
    expect(new SealedBox(randomBytes(32)).open(box.seal(secret, 'ctx'), 'ctx')).toBeUndefined();
  });
});
