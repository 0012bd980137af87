import { parseArgs } from 'node:util';
import type pg from 'pg';
import { describeError } from '../log/describe-error.ts';
import { Scrubber } from '../log/scrub.ts';
import { envSecrets } from '../log/secrets.ts';
import { BOT_DATA_DIR } from '../store/embedded-existing.ts';
import { openAuditDatabase } from './database.ts';
import { EXPORT_FORMATS, type ExportFormat, exportHistory } from './export.ts';
import { type HistoryPresence, historyPresence } from './presence.ts';
import { parseSince } from './since.ts';
import { verifyHistory } from './verify.ts';

const AUDIT_USAGE = `usage: neon-access-bot audit verify [--anchor <hash>] [--embedded | --data-dir <dir>]
       neon-access-bot audit export [--since <date or date-time>] [--format jsonl|csv] [--embedded | --data-dir <dir>]`;

/** `--embedded` reads the bot's ./data; `--data-dir` another embedded database (the demo's). */
const EMBEDDED_OPTIONS = { embedded: { type: 'boolean' }, 'data-dir': { type: 'string' } } as const;

/** The embedded database's folder the options name, or undefined for DATABASE_URL. */
function embeddedDir(values: { embedded?: boolean; 'data-dir'?: string }): string | undefined {
  return values['data-dir'] ?? (values.embedded ? BOT_DATA_DIR : undefined);
}

type Run = (pool: pg.Pool, presence: HistoryPresence) => Promise<number>;
type Parsed = { ok: true; command: string; dataDir: string | undefined; run: Run } | { ok: false; error: string };

/**
 * `audit …` as typed; returns the exit code: 0 fine, 1 tampering found and nothing else, 2 could
 * not check (a usage or configuration mistake, no database, no history, an unreachable server).
 */
export async function runAudit(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const scrub = new Scrubber();
  for (const secret of envSecrets(env)) scrub.addSecret(secret);
  const say = (text: string) => process.stderr.write(`${scrub.text(text)}\n`);
  const parsed = parse(args);
  if (!parsed.ok) {
    say(parsed.error);
    return 2;
  }
  const opened = await openAuditDatabase(env, parsed.dataDir, parsed.command);
  if (!opened.ok) {
    say(opened.error);
    return 2;
  }
  try {
    const presence = await historyPresence(opened.db.pool);
    if (presence.kind === 'none') {
      say(`${parsed.command}: no history to check: ${presence.problem}`);
      return 2;
    }
    return await parsed.run(opened.db.pool, presence);
  } catch (err) {
    say(`${parsed.command}: could not finish: ${describeError(err)}`);
    return 2;
  } finally {
    await opened.db.close().catch(() => undefined);
  }
}

function parse([sub, ...rest]: string[]): Parsed {
  try {
    if (sub === 'verify') {
      const { values } = parseArgs({
        args: rest,
        options: { anchor: { type: 'string' }, ...EMBEDDED_OPTIONS },
        strict: true,
      });
      const anchor = values.anchor;
      if (anchor !== undefined && !/^[0-9a-f]{64}$/.test(anchor)) {
        return {
          ok: false,
          error: 'audit verify: --anchor must be a 64-character hex hash, as printed by an earlier verify',
        };
      }
      return {
        ok: true,
        command: 'audit verify',
        dataDir: embeddedDir(values),
        run: (pool, presence) => verify(pool, presence, anchor),
      };
    }
    if (sub === 'export') {
      const { values } = parseArgs({
        args: rest,
        options: { since: { type: 'string' }, format: { type: 'string' }, ...EMBEDDED_OPTIONS },
        strict: true,
      });
      const format = values.format ?? 'jsonl';
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        return { ok: false, error: 'audit export: --format must be jsonl or csv' };
      }
      const since = values.since === undefined ? undefined : parseSince(values.since);
      if (values.since !== undefined && !since) {
        return {
          ok: false,
          error: 'audit export: --since must be a date (2025-01-31) or a date-time with a zone (2025-01-31T09:00:00Z)',
        };
      }
      return {
        ok: true,
        command: 'audit export',
        dataDir: embeddedDir(values),
        run: (pool, presence) => exportTo(pool, presence, format as ExportFormat, since),
      };
    }
  } catch (err) {
    // parseArgs: an unknown option or one missing its value.
    return { ok: false, error: `audit ${sub}: ${(err as Error).message.split('. ')[0]}` };
  }
  return { ok: false, error: AUDIT_USAGE };
}

async function verify(pool: pg.Pool, presence: HistoryPresence, anchor: string | undefined): Promise<number> {
  if (presence.kind === 'dropped') {
    process.stderr.write(`audit verify: FAILED: ${presence.problem}\n`);
    return 1;
  }
  const result = await verifyHistory(pool, { anchor });
  if (!result.ok) {
    const where =
      result.seq === undefined
        ? `(the chain of ${result.count} events is intact)`
        : `(${result.count} events before it are intact)`;
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

async function exportTo(
  pool: pg.Pool,
  presence: HistoryPresence,
  format: ExportFormat,
  since: Date | undefined,
): Promise<number> {
  if (presence.kind === 'dropped') {
    process.stderr.write(`audit export: nothing to export: ${presence.problem} (audit verify says so too)\n`);
    return 2;
  }
  try {
    const count = await exportHistory(pool, process.stdout, { format, since });
    process.stderr.write(`audit export: ${count} events\n`);
    return 0;
  } catch (err) {
    // The reader went away (`| head`): what it wanted was written.
    if ((err as { code?: string }).code === 'EPIPE') return 0;
    throw err;
  }
}
