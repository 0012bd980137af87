import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/log/describe-error.ts';

/** What net really throws when every address of a host refuses: an AggregateError whose own message is empty. */
function refusedOnEveryAddress(): Promise<Error> {
  return new Promise((resolve) => {
    const socket = net.connect({
      host: 'db.example.invalid',
      port: 1,
      autoSelectFamily: true,
      // The two addresses `localhost` has on most machines, whatever this one's resolver says.
      lookup: (_host, _opts, cb) =>
        (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ]),
    });
    socket.on('error', resolve);
  });
}

describe('describeError', () => {
  it('an AggregateError without a message: its errors, one line', async () => {
    const err = await refusedOnEveryAddress();
    expect(err).toBeInstanceOf(AggregateError);
    expect(err.message).toBe('');
    expect(describeError(err)).toMatch(
      /^connect ECONNREFUSED (127\.0\.0\.1|::1):1; connect ECONNREFUSED (127\.0\.0\.1|::1):1$/,
    );
  });

  it('an AggregateError with neither message nor errors: its code', () => {
    expect(describeError(Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
  });

  it('an Error without a message: its cause, else its code, else its name', () => {
    expect(describeError(new Error('', { cause: new Error('socket hang up') }))).toBe('socket hang up');
    expect(describeError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
    expect(describeError(new TypeError(''))).toBe('TypeError');
  });

  it('a vague wrapper: its message, then its cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    expect(describeError(new Error('fetch failed', { cause: refused }))).toBe(
      'fetch failed: connect ECONNREFUSED 127.0.0.1:443',
    );
  });

  it('a message on several lines: one line', () => {
    expect(describeError(new Error('initdb failed.\n  ERROR OUTPUT: could not create directory\n'))).toBe(
      'initdb failed. ERROR OUTPUT: could not create directory',
    );
  });

  it.each([undefined, null, {}, ''])('nothing to say (%j): never "undefined"', (thrown) => {
    expect(describeError(thrown)).toBe('an error without a message');
  });

  it('a thrown string or number is itself', () => {
    expect(describeError('boom')).toBe('boom');
    expect(describeError(42)).toBe('42');
  });
});
