/** Percentile by nearest rank over a copy; latencies in ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Row {
  [column: string]: string | number;
}

const fmt = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);

/** A plain-text table with aligned columns, for the terminal and for docs/PERFORMANCE.md. */
export function table(title: string, rows: Row[]): string {
  if (rows.length === 0) return `${title}\n(no rows)`;
  const cols = Object.keys(rows[0]!);
  const cells = rows.map((r) => cols.map((c) => fmt(r[c] ?? '')));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [title, line(cols), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export const ms = (start: bigint, end: bigint) => Number(end - start) / 1e6;

/** This process's CPU time over `fn`'s wall time (1 = one core busy all along): a stand-in that nears 1 is the bottleneck. */
export async function withCpuShare<T>(fn: () => Promise<T>): Promise<{ result: T; cpuShare: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { result, cpuShare: (used.user + used.system) / 1000 / (performance.now() - start) };
}
