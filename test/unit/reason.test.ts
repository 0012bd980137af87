import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../src/log/reason.ts';

const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });

describe('reasonOf: a line that names the real cause', () => {
  it('an AggregateError with no message of its own (pg on a refused localhost): each address tried', () => {
    const err = new AggregateError([refused('::1:5432'), refused('127.0.0.1:5432')], '');
    expect(reasonOf(err)).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('the cause behind a vague wrapper', () => {
    expect(reasonOf(new Error('fetch failed', { cause: refused('127.0.0.1:443') }))).toBe('connect ECONNREFUSED 127.0.0.1:443');
  });

  it('an error without a message: its code', () => {
    expect(reasonOf(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
  });

  it('a rejection with nothing at all never reads "undefined"', () => {
    expect(reasonOf(undefined)).toBe('it failed without saying why');
    expect(reasonOf(null)).toBe('it failed without saying why');
  });
});
