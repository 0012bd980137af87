/**
 * One line for any thrown value, naming the real cause. Some carry no message of their own: a
 * refused connection to a host with several addresses is an AggregateError with one error per
 * address, and a library may reject with nothing at all. A wrapper's cause says more than the
 * wrapper ("fetch failed" hides "connect ECONNREFUSED"). Not scrubbed: the caller scrubs the line.
 */
export function describeError(err: unknown): string {
  return (
    describe(err, 0)
      .replace(/\s*\n\s*/g, ' ')
      .trim() || 'an error without a message'
  );
}

function describe(err: unknown, depth: number): string {
  if (depth > 4) return '';
  if (err instanceof AggregateError) {
    const inner = [...new Set(err.errors.map((e) => describe(e, depth + 1)).filter(Boolean))].join('; ');
    return [err.message, inner].filter(Boolean).join(': ') || codeOf(err);
  }
  if (err instanceof Error) {
    const cause = err.cause === undefined ? '' : describe(err.cause, depth + 1);
    return [err.message, cause].filter(Boolean).join(': ') || codeOf(err) || err.name;
  }
  if (typeof err === 'string') return err;
  if (typeof err === 'number' || typeof err === 'boolean' || typeof err === 'bigint') return String(err);
  return '';
}

function codeOf(err: Error): string {
  const { code } = err as { code?: unknown };
  return typeof code === 'string' ? code : '';
}
