/** One line of the doctor's checklist. A warning is something optional that is missing: it does not fail the run. */
export interface Check {
  mark: 'ok' | 'warn' | 'fail';
  name: string;
  detail: string;
}

export const ok = (name: string, detail: string): Check => ({ mark: 'ok', name, detail });
export const warn = (name: string, detail: string): Check => ({ mark: 'warn', name, detail });
export const fail = (name: string, detail: string): Check => ({ mark: 'fail', name, detail });

const SYMBOL: Record<Check['mark'], string> = { ok: '✓', warn: '⚠', fail: '✗' };

export function renderChecklist(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => `${SYMBOL[c.mark]} ${c.name.padEnd(width)}  ${c.detail}`);
  const failures = checks.filter((c) => c.mark === 'fail').length;
  lines.push('', failures === 0 ? 'all checks passed' : `${failures} check${failures === 1 ? '' : 's'} failed`);
  return `${lines.join('\n')}\n`;
}

/**
 * A short reason from any thrown value. The cause, when there is one, says more ("fetch failed"
 * hides "connect ECONNREFUSED"); a refused `localhost` is an AggregateError with no message of its own.
 */
export function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(reasonOf).join('; ');
  if (!(err instanceof Error)) return String(err);
  if (err.cause !== undefined) return reasonOf(err.cause);
  return err.message || (err as { code?: string }).code || err.name;
}
