/**
 * One line of the doctor's checklist. A warning is something optional that is missing: it does not
 * fail the run. A skipped check could not run for want of a variable, which has its own ✗ line.
 */
export interface Check {
  mark: 'ok' | 'warn' | 'fail' | 'skip';
  name: string;
  detail: string;
}

export const ok = (name: string, detail: string): Check => ({ mark: 'ok', name, detail });
export const warn = (name: string, detail: string): Check => ({ mark: 'warn', name, detail });
export const fail = (name: string, detail: string): Check => ({ mark: 'fail', name, detail });
export const skip = (name: string, detail: string): Check => ({ mark: 'skip', name, detail });

const SYMBOL: Record<Check['mark'], string> = { ok: '✓', warn: '⚠', fail: '✗', skip: '–' };

export function renderChecklist(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => `${SYMBOL[c.mark]} ${c.name.padEnd(width)}  ${c.detail}`);
  const failures = checks.filter((c) => c.mark === 'fail').length;
  const skipped = checks.filter((c) => c.mark === 'skip').length;
  const failed = `${failures} check${failures === 1 ? '' : 's'} failed`;
  lines.push(
    '',
    failures === 0 && skipped === 0
      ? 'all checks passed'
      : skipped === 0
        ? failed
        : `${failed}, ${skipped} not run until the configuration is fixed`,
  );
  return `${lines.join('\n')}\n`;
}
