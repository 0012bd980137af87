/**
 * A short reason from any thrown value, for one line an operator reads. The cause, when there is
 * one, says more ("fetch failed" hides "connect ECONNREFUSED"); a refused `localhost` is an
 * AggregateError with no message of its own, one error per address tried.
 */
export function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return [...new Set(err.errors.map(reasonOf))].join('; ');
  if (err === undefined || err === null) return 'it failed without saying why';
  if (!(err instanceof Error)) return String(err);
  if (err.cause !== undefined) return reasonOf(err.cause);
  return err.message || (err as { code?: string }).code || err.name;
}
