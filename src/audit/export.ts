import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { type HistoryEvent, readHistory } from './history.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The chained row as stored (enough to re-verify offline), plus the request's kind. */
export const EXPORT_COLUMNS = [
  'seq',
  'at',
  'request_id',
  'kind',
  'event',
  'from_status',
  'to_status',
  'actor_id',
  'detail',
  'prev_hash',
  'hash',
] as const;
type Column = (typeof EXPORT_COLUMNS)[number];

export interface ExportOptions {
  format: ExportFormat;
  since?: Date;
  batchSize?: number;
}

function columns(e: HistoryEvent): Record<Column, unknown> {
  return {
    seq: e.seq,
    at: e.at,
    request_id: e.requestId,
    kind: e.kind,
    event: e.event,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    actor_id: e.actorId,
    detail: e.detail,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
function csvField(v: unknown): string {
  const text = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

async function* lines(pool: pg.Pool, opts: ExportOptions, counted: () => void): AsyncGenerator<string> {
  if (opts.format === 'csv') yield csvLine(EXPORT_COLUMNS);
  for await (const e of readHistory(pool, { since: opts.since, batchSize: opts.batchSize })) {
    const row = columns(e);
    yield opts.format === 'csv' ? csvLine(EXPORT_COLUMNS.map((c) => row[c])) : `${JSON.stringify(row)}\n`;
    counted();
  }
}

/**
 * Streams the history to `out`, oldest first, and returns how many events were written. The
 * pipeline waits for a slow reader (memory stays at one batch) and rejects if `out` goes away;
 * `out` is left open (it may be stdout).
 */
export async function exportHistory(pool: pg.Pool, out: NodeJS.WritableStream, opts: ExportOptions): Promise<number> {
  let count = 0;
  await pipeline(Readable.from(lines(pool, opts, () => (count += 1))), out, { end: false });
  return count;
}
