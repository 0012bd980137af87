/**
 * Everything the bench starts (bots, the bare Bolt app, the load generator, databases) is stopped
 * whatever happens: on success, when a section throws, and on Ctrl-C or SIGTERM of the bench.
 * A stand-in left running holds a port and a database and skews the next run's figures.
 */
import type { ChildProcess } from 'node:child_process';
import { stopEmbeddedServers } from '../src/store/embedded.ts';

const stops = new Set<() => Promise<void>>();

/** Registers `stop` until it has run; the returned function runs it (once) and forgets it. */
export function onCleanup(stop: () => Promise<unknown>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => {
    stops.delete(once);
    done ??= stop().then(() => undefined);
    return done;
  };
  stops.add(once);
  return once;
}

/** A child process: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export function trackChild(child: ChildProcess, graceMs = 10_000): () => Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  });
  // One that exits on its own has nothing left to stop.
  void exited.then(() => stops.delete(stop));
  return stop;
}

/** Stops what is still running, newest first; one failing to stop does not keep the others running. */
export async function stopEverything(): Promise<void> {
  for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
  await stopEmbeddedServers().catch(() => undefined);
}

/** Ctrl-C or SIGTERM stops everything, then exits as a signalled process does (128 + signal). */
export function stopOnSignals(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}, stopping what it started\n`);
      void stopEverything().finally(() => process.exit(code));
    });
  }
}

/** Runs the bench: whatever `main` started is stopped when it returns, throws or is interrupted. */
export async function runBench(main: () => Promise<void>): Promise<void> {
  stopOnSignals();
  try {
    await main();
  } finally {
    await stopEverything();
  }
}
