import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which request the current work is about. The logger adds it to every line written inside,
 * however deep (a card update, a Neon call, the Slack client's own debug lines), so no function
 * on the way has to pass a child logger along.
 */
const scope = new AsyncLocalStorage<string>();

/** Runs `work` as work about one request: every log line inside carries `requestId`. */
export function aboutRequest<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

export function currentRequestId(): string | undefined {
  return scope.getStore();
}

/**
 * For listeners on long-lived things (a pooled connection's `error`): they run in the context of
 * whatever request happened to open the connection, so without this they would blame it.
 */
export function outsideRequests<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => scope.exit(() => fn(...args));
}
