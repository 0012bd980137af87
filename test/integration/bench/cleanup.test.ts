import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../sandbox/eventually.ts';

const root = new URL('../../../', import.meta.url).pathname;

/**
 * A bench of its own: one section starts the load generator and a long-lived child through the
 * bench's helpers, prints their pids, then fails or waits to be signalled.
 */
const BENCH = (then: string) => `
import { execFileSync, spawn } from 'node:child_process';
import { runBench, trackChild } from './bench/cleanup.ts';
import { startLoadGenerator } from './bench/load-generator.ts';
await runBench(async () => {
  startLoadGenerator();
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)']);
  trackChild(child);
  const children = execFileSync('pgrep', ['-P', String(process.pid)]).toString().trim().split('\\n');
  process.stdout.write(JSON.stringify(children.map(Number)) + '\\n');
  ${then}
});
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs the bench script; resolves with its children's pids (once printed) and its exit. */
function runScript(then: string) {
  const bench = spawn(process.execPath, ['--input-type=module', '-e', BENCH(then)], { cwd: root });
  let out = '';
  let err = '';
  bench.stdout.on('data', (d: Buffer) => (out += d.toString()));
  bench.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => bench.on('close', r));
  const children = eventually(
    () => {
      if (!out.includes('\n')) return undefined;
      const pids = JSON.parse(out.split('\n')[0]!) as number[];
      started.push(...pids);
      return pids;
    },
    20_000,
    `the children's pids (stderr: ${err})`,
  );
  return { bench, children, exited, stderr: () => err };
}

/** What the scripts started, so a failing test leaves nothing behind either. */
const started: number[] = [];

describe("the bench's process helpers", () => {
  afterEach(() => {
    for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('stop every child when a section fails', async () => {
    const run = runScript(`throw new Error('section failed');`);
    const children = await run.children;
    expect(children).toHaveLength(2);
    expect(await run.exited).not.toBe(0);
    expect(run.stderr()).toContain('section failed');
    await eventually(() => children.every((pid) => !alive(pid)), 15_000, 'no child left running');
  });

  it('stop every child when the bench gets SIGTERM', async () => {
    const run = runScript(`await new Promise(() => {});`);
    const children = await run.children;
    expect(children).toHaveLength(2);
    run.bench.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    await eventually(() => children.every((pid) => !alive(pid)), 15_000, 'no child left running');
  });
});
