/**
 * One load serves every caller while it is in flight and for `ttlMs` after it answered; a failure
 * is shared only by the callers that were waiting on it, and the next caller loads again.
 */
export function sharedRead<T>(ttlMs: number): (load: () => Promise<T>) => Promise<T> {
  let current: { promise: Promise<T>; until: number } | undefined;
  return (load) => {
    if (current && Date.now() < current.until) return current.promise;
    const entry = { promise: load(), until: Number.POSITIVE_INFINITY };
    current = entry;
    entry.promise.then(
      () => {
        entry.until = Date.now() + ttlMs;
      },
      () => {
        if (current === entry) current = undefined;
      },
    );
    return entry.promise;
  };
}
