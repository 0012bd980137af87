import { afterAll, beforeAll } from 'vitest';

/**
 * Starts something before the tests of the enclosing describe block (or file) and stops it after
 * them. What it returns can be named at collection time, when nothing has started yet: every
 * property read goes to the started value, so it works inside tests and hooks only.
 */
export function useScoped<T extends object>(start: () => Promise<T>, stop: (started: T) => unknown): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    // A start that failed has already failed the scope; there is nothing to stop.
    if (started) await stop(started);
  });
  return new Proxy({} as T, {
    get(_, prop) {
      if (!started) throw new Error(`read .${String(prop)} outside the tests and hooks of the scope that starts it`);
      const value: unknown = Reflect.get(started, prop);
      // Bound, so a class's methods see the instance itself (private fields and all).
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
