import { Writable } from 'node:stream';
import { afterEach, expect } from 'vitest';
import type { NeonEmulatorOptions } from '../../sandbox/neon/index.ts';
import { type Stage, startStage } from '../../sandbox/stage.ts';
import type { NeonClientOptions } from '../../src/neon/client.ts';
import { useScoped } from './scoped.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export { eventually } from '../../sandbox/eventually.ts';
export { CHANNELS, PEOPLE } from '../../sandbox/stage.ts';

export interface LogCapture {
  lines: string[];
  text(): string;
}

export interface Harness extends Stage {
  db: TestDatabase;
  logs: LogCapture;
}

export interface HarnessOptions {
  /** Extra or overriding environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  emulator?: NeonEmulatorOptions;
  neonClientOptions?: Partial<NeonClientOptions>;
}

function captureLogs(): { capture: LogCapture; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { capture: { lines, text: () => lines.join('\n') }, stream };
}

/** A stage on a throw-away database of this test file's own, with every debug log line captured. */
async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase({ migrated: false });
  const { capture, stream } = captureLogs();
  const stage = await startStage({ logDestination: stream, databaseUrl: db.url, ...opts });
  return {
    ...stage,
    db,
    logs: capture,
    async stop() {
      await stage.stop();
      await db.drop();
    },
  };
}

/**
 * A harness for the tests of the enclosing describe block (or file): started before them, stopped
 * after them, and after each test neither fake may have seen the bot break its contract. `setup`
 * may be a function, for options that are made when the harness starts (a file to write first).
 */
export function useHarness(setup: HarnessOptions | (() => HarnessOptions | Promise<HarnessOptions>) = {}): Harness {
  const h = useScoped(
    async () => startHarness(typeof setup === 'function' ? await setup() : setup),
    (started) => started.stop(),
  );
  afterEach(() => {
    expect(h.slack.violations).toEqual([]);
    expect(h.neon.contractViolations).toEqual([]);
  });
  return h;
}
