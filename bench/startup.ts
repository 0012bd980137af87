import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '../test/support/eventually.ts';
import { PRODUCTION_NODE_FLAGS } from './node-flags.ts';
import type { Row } from './stats.ts';

const root = new URL('../', import.meta.url).pathname;

/** Seconds from spawning `node dist/cli.js start` (with the Dockerfile's flags) to /readyz answering 200; then SIGTERM. */
async function timeToReady(env: Record<string, string | undefined>, cwd: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, path.join(root, 'dist/cli.js'), 'start'], { cwd, env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'info' } as NodeJS.ProcessEnv });
  let port = 0;
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    port ||= Number(/"port":(\d+).*"msg":"neon-access-bot is up"/.exec(out)?.[1] ?? 0);
  });
  try {
    await eventually(async () => port > 0 && (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200, 30_000, 'readyz');
    return (performance.now() - started) / 1000;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
}

/** The production entry point (the build), with an existing embedded data directory and with an external DATABASE_URL. */
export async function benchStartup(env: Record<string, string | undefined>, externalUrl: string): Promise<Row[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nab-bench-start-'));
  await chmod(dir, 0o755);
  try {
    const embeddedEnv = { ...env, DATABASE_URL: undefined };
    await timeToReady(embeddedEnv, dir); // first start initialises ./data; not measured
    const embedded: number[] = [];
    const external: number[] = [];
    for (let i = 0; i < 3; i++) {
      embedded.push(await timeToReady(embeddedEnv, dir));
      external.push(await timeToReady({ ...env, DATABASE_URL: externalUrl }, dir));
    }
    const best = (xs: number[]) => Math.min(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    return [
      { database: 'embedded (existing ./data)', median_s: median(embedded), best_s: best(embedded) },
      { database: 'external DATABASE_URL', median_s: median(external), best_s: best(external) },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
