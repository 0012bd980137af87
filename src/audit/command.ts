import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { EXPORT_FORMATS, exportHistory, type ExportFormat } from './export.ts';
import { parseSince } from './since.ts';
import { verifyHistory } from './verify.ts';

const AUDIT_USAGE = `usage: neon-access-bot audit verify [--anchor <hash>]
       neon-access-bot audit export [--since <date or date-time>] [--format jsonl|csv]`;

type Parsed = { ok: true; run: (config: Config) => Promise<number> } | { ok: false; error: string };

/** `audit …` as typed; returns the exit code (0 fine, 1 tampering found, 2 the operator's mistake). */
export async function runAudit(args: string[], config: () => Config): Promise<number> {
  const parsed = parse(args);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    return 2;
  }
  return parsed.run(config());
}

function parse([sub, ...rest]: string[]): Parsed {
  try {
    if (sub === 'verify') {
      const { values } = parseArgs({ args: rest, options: { anchor: { type: 'string' } }, strict: true });
      const anchor = values.anchor;
      if (anchor !== undefined && !/^[0-9a-f]{64}$/.test(anchor)) {
        return { ok: false, error: 'audit verify: --anchor must be a 64-character hex hash, as printed by an earlier verify' };
      }
      return { ok: true, run: (config) => verify(config, anchor) };
    }
    if (sub === 'export') {
      const { values } = parseArgs({ args: rest, options: { since: { type: 'string' }, format: { type: 'string' } }, strict: true });
      const format = values.format ?? 'jsonl';
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        return { ok: false, error: 'audit export: --format must be jsonl or csv' };
      }
      const since = values.since === undefined ? undefined : parseSince(values.since);
      if (values.since !== undefined && !since) {
        return { ok: false, error: 'audit export: --since must be a date (2025-01-31) or a date-time with a zone (2025-01-31T09:00:00Z)' };
      }
      return { ok: true, run: (config) => exportTo(config, format as ExportFormat, since) };
    }
  } catch (err) {
    // parseArgs: an unknown option or one missing its value.
    return { ok: false, error: `audit ${sub}: ${(err as Error).message.split('. ')[0]}` };
  }
  return { ok: false, error: AUDIT_USAGE };
}

async function withPool<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function verify(config: Config, anchor: string | undefined): Promise<number> {
  const result = await withPool(config, (db) => verifyHistory(db.pool, { anchor }));
  if (!result.ok) {
    const where = result.seq === undefined ? `(the chain of ${result.count} events is intact)` : `(${result.count} events before it are intact)`;
    const at = result.seq === undefined ? '' : ` at seq ${result.seq}`;
    process.stderr.write(`audit verify: FAILED${at}: ${result.problem} ${where}\n`);
    return 1;
  }
  const head = result.head
    ? `\nhead: seq ${result.head.seq} hash ${result.head.hash}\n` +
      'record this hash elsewhere; `audit verify --anchor <hash>` later proves no event up to it was removed'
    : '';
  process.stdout.write(`audit verify: ok, ${result.count} events, chain intact${head}\n`);
  return 0;
}

async function exportTo(config: Config, format: ExportFormat, since: Date | undefined): Promise<number> {
  try {
    const count = await withPool(config, (db) => exportHistory(db.pool, process.stdout, { format, since }));
    process.stderr.write(`audit export: ${count} events\n`);
    return 0;
  } catch (err) {
    // The reader went away (`| head`): what it wanted was written.
    if ((err as { code?: string }).code === 'EPIPE') return 0;
    throw err;
  }
}
