/**
 * The floor under approve → Neon POST, a process of its own: one INSERT…COMMIT round trip on the
 * bench database, then one invitation POST to the emulator, at the approvals' rate. No bot
 * could do less per approval; the pipeline's latency is reported as a ratio to this.
 */
import { fork } from 'node:child_process';
import pg from 'pg';
import { trackChild } from './cleanup.ts';

interface Job {
  databaseUrl: string;
  /** The emulator's base URL, /api/v2 included. */
  neonUrl: string;
  orgId: string;
  key: string;
  n: number;
  perSecond: number;
}

type Answer = { ok: true; latencies: number[] } | { ok: false; error: string };

async function run(job: Job): Promise<number[]> {
  const db = new pg.Client({ connectionString: job.databaseUrl });
  await db.connect();
  try {
    await db.query('CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, email text NOT NULL)');
    const latencies: number[] = [];
    for (let i = 0; i < job.n; i++) {
      const email = `floor${i}-${process.pid}@example.com`;
      const start = performance.now();
      await db.query('BEGIN');
      await db.query('INSERT INTO bench_floor (email) VALUES ($1)', [email]);
      await db.query('COMMIT');
      const res = await fetch(`${job.neonUrl}/organizations/${job.orgId}/invitations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${job.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ invitations: [{ email, role: 'member' }] }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`the emulator answered ${res.status}`);
      latencies.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 1000 / job.perSecond));
    }
    return latencies;
  } finally {
    await db.end();
  }
}

/** Runs the floor in a child process; ms per INSERT…COMMIT + POST. */
export async function measureFloor(job: Job): Promise<number[]> {
  const child = fork(new URL(import.meta.url).pathname);
  const stop = trackChild(child);
  try {
    return await new Promise((resolve, reject) => {
      child.once('message', (a: Answer) => (a.ok ? resolve(a.latencies) : reject(new Error(`floor: ${a.error}`))));
      child.send(job);
    });
  } finally {
    await stop();
  }
}

if (process.send && import.meta.url === `file://${process.argv[1]}`) {
  process.once('message', (job: Job) => {
    run(job).then(
      (latencies) => process.send!({ ok: true, latencies } satisfies Answer),
      (err: unknown) => process.send!({ ok: false, error: String(err) } satisfies Answer),
    );
  });
}
