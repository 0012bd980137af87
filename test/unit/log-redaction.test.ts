import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import { aboutRequest, outsideRequests } from '../../src/log/request-scope.ts';

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', secrets, destination: stream }), lines, text: () => lines.join('\n') };
}

const NEON_KEY = `napi_${'k7'.repeat(32)}`;

describe('log lines', () => {
  it('hide Authorization headers, tokens, keys and URL passwords, at debug level too', () => {
    const { log, text } = capture(['a-configured-secret']);
    log.debug(
      { headers: { Authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json' } },
      'outgoing call',
    );
    log.debug(`sent Authorization: Bearer ${NEON_KEY}`);
    log.info({ reason: 'my token is xoxb-1234-5678-abcdefgh, key napi_abcdef123456' }, 'asked');
    log.warn({ err: new Error('connect to postgres://bot:s3cr3t-pw@db.example.com/bot failed') }, 'database down');
    log.error({ note: 'a-configured-secret leaked' }, 'oops');
    const out = text();
    for (const secret of ['dXNlcjpwYXNz', NEON_KEY, 'xoxb-1234', 'napi_abcdef', 's3cr3t-pw', 'a-configured-secret'])
      expect(out).not.toContain(secret);
    expect(out).toContain('Bearer [REDACTED]');
    expect(out).toContain('postgres://bot:[REDACTED]@db.example.com');
    expect(out).toContain('application/json');
  });

  it('carry the id of the request their work is about, however deep, and only inside it', async () => {
    const { log, lines } = capture();
    const deep = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      log.info('deep inside');
    };
    await aboutRequest('R-AAAABBBB', async () => {
      await deep();
      outsideRequests(() => log.warn('a pooled connection closed'))();
    });
    log.info('after');
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string });
    expect(parsed.map((l) => [l.msg, l.requestId])).toEqual([
      ['deep inside', 'R-AAAABBBB'],
      ['a pooled connection closed', undefined],
      ['after', undefined],
    ]);
  });
});
