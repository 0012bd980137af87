import { spawn } from 'node:child_process';
import { eventually } from '../sandbox/eventually.ts';
import { trackChild } from './cleanup.ts';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from './node-flags.ts';

const root = new URL('../', import.meta.url).pathname;
/** Where `buildForBench` puts the bare app. */
const BUILT_APP = 'dist-bench/bare-bolt-app.js';

/** The bare Bolt app (bare-bolt-app.ts) as a process of its own, from its build. */
export async function startBareBoltProcess(
  env: Record<string, string | undefined>,
): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, BUILT_APP], {
    cwd: root,
    env: { ...process.env, ...env, ...PRODUCTION_ENV } as NodeJS.ProcessEnv,
  });
  const stop = trackChild(child);
  let port = 0;
  child.stdout.on('data', (d: Buffer) => (port ||= Number(/"port":(\d+)/.exec(d.toString())?.[1] ?? 0)));
  await eventually(() => port > 0 || child.exitCode !== null, 20_000, 'the bare Bolt process');
  if (!port) throw new Error('the bare Bolt process exited at start');
  return { port, pid: child.pid!, stop };
}
