/**
 * The load generator, a process of its own: it only sends requests that were built and signed
 * beforehand and times Bolt's answers, so no stand-in's work (the fake Slack answering the bot's
 * calls) ever delays a clock. `startLoadGenerator()` forks this file.
 */
import { fork } from 'node:child_process';
import { Pool } from 'undici';
import { trackChild } from './cleanup.ts';

export interface PreparedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface Job {
  url: string;
  concurrency: number;
  requests: PreparedRequest[];
}

type Answer = { ok: true; latencies: number[] } | { ok: false; error: string };

/** One pool per app, its connections kept alive from the warm-up on (as Slack's are). */
const pools = new Map<string, Pool>();

/** Sends `requests` in waves of `concurrency`; ms from send to the answer's end. */
async function run({ url, concurrency, requests }: Job): Promise<number[]> {
  let pool = pools.get(url);
  if (!pool) {
    pool = new Pool(url, { connections: 200 });
    pools.set(url, pool);
  }
  const latencies: number[] = [];
  for (let next = 0; next < requests.length; next += concurrency) {
    await Promise.all(
      requests.slice(next, next + concurrency).map(async (req) => {
        const start = performance.now();
        const res = await pool.request({ method: 'POST', ...req });
        await res.body.dump();
        latencies.push(performance.now() - start);
        if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}`);
      }),
    );
  }
  return latencies;
}

export interface LoadGenerator {
  fire(url: string, concurrency: number, requests: PreparedRequest[]): Promise<number[]>;
  stop(): Promise<void>;
}

export function startLoadGenerator(): LoadGenerator {
  const child = fork(new URL(import.meta.url).pathname);
  const stop = trackChild(child);
  return {
    fire: (url, concurrency, requests) =>
      new Promise((resolve, reject) => {
        child.once('message', (a: Answer) =>
          a.ok ? resolve(a.latencies) : reject(new Error(`load generator: ${a.error}`)),
        );
        child.send({ url, concurrency, requests } satisfies Job);
      }),
    stop,
  };
}

if (process.send && import.meta.url === `file://${process.argv[1]}`) {
  process.on('message', (job: Job) => {
    run(job).then(
      (latencies) => process.send!({ ok: true, latencies } satisfies Answer),
      (err: unknown) => process.send!({ ok: false, error: String(err) } satisfies Answer),
    );
  });
}
