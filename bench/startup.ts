import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '../sandbox/eventually.ts';
import { trackChild } from './cleanup.ts';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from './node-flags.ts';
import type { Row } from './stats.ts';

const root = new URL('../', import.meta.url).pathname;

/** The two ways the bot can run: its TypeScript sources (Node strips the types) or the tsc build. */
export const ENTRIES = { sources: 'src/cli.ts', build: 'dist/cli.js' } as const;
export type Entry = keyof typeof ENTRIES;

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Seconds from spawning the bot (with the Dockerfile's flags) to /readyz answering 200, and its RSS then; then SIGTERM. */
async function timeToReady(
  entry: Entry,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<{ s: number; rss: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, path.join(root, ENTRIES[entry]), 'start'], {
    cwd,
    env: { PATH: process.env.PATH, ...env, ...PRODUCTION_ENV, LOG_LEVEL: 'info' } as NodeJS.ProcessEnv,
  });
  const stop = trackChild(child);
  let port = 0;
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    port ||= Number(/"port":(\d+).*"msg":"neon-access-bot is up"/.exec(out)?.[1] ?? 0);
  });
  try {
    await eventually(
      async () => port > 0 && (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200,
      30_000,
      'readyz',
    );
    const s = (performance.now() - started) / 1000;
    return { s, rss: rssMiB(child.pid!) };
  } finally {
    await stop();
  }
}

/** Each entry point, with an existing embedded data directory and with an external DATABASE_URL. */
export async function benchStartup(env: Record<string, string | undefined>, externalUrl: string): Promise<Row[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nab-bench-start-'));
  await chmod(dir, 0o755);
  try {
    const embeddedEnv = { ...env, DATABASE_URL: undefined };
    await timeToReady('sources', embeddedEnv, dir); // first start initialises ./data; not measured
    const runs = new Map<string, { s: number; rss: number }[]>();
    const record = (key: string, r: { s: number; rss: number }) => runs.set(key, [...(runs.get(key) ?? []), r]);
    for (let i = 0; i < 3; i++) {
      for (const entry of Object.keys(ENTRIES) as Entry[]) {
        record(`${entry}|embedded (existing ./data)`, await timeToReady(entry, embeddedEnv, dir));
        record(`${entry}|external DATABASE_URL`, await timeToReady(entry, { ...env, DATABASE_URL: externalUrl }, dir));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return [...runs].map(([key, rs]) => {
      const [entry, database] = key.split('|') as [Entry, string];
      return {
        entry: `node ${ENTRIES[entry]}`,
        database,
        median_s: median(rs.map((r) => r.s)),
        best_s: Math.min(...rs.map((r) => r.s)),
        rss_at_ready_mib: median(rs.map((r) => r.rss)),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
