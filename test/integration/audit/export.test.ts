import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../../src/audit/chain.ts';
import { EXPORT_COLUMNS, exportHistory } from '../../../src/audit/export.ts';
import { RequestStore } from '../../../src/store/requests.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { runCli } from '../cli/run-cli.ts';
import { cliEnv, inviteLifecycle, seqs } from './fixtures.ts';

/** A reason that breaks naive CSV three ways: a comma, a quote, a line break. */
const AWKWARD = { note: 'no, "really"\nnot today', n: 1 };

let db: TestDatabase;
let early: string;
let late: string;
/** Strictly after every event of `early` and at or before every event of `late`. */
let cutoff: Date;

beforeAll(async () => {
  db = await createTestDatabase();
  const store = new RequestStore(db.pool);
  early = await inviteLifecycle(store, AWKWARD);
  const { rows } = await db.pool.query<{ at: Date }>('SELECT max(at) AS at FROM request_events');
  cutoff = new Date(rows[0]!.at.getTime() + 1);
  // Poll (no fixed sleep) until the clock passes the cutoff, so `late` is stamped after it.
  const deadline = Date.now() + 1_000;
  while (Date.now() <= cutoff.getTime() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  late = await inviteLifecycle(store);
});
afterAll(() => db.drop());

const exportCli = (...args: string[]) => runCli(['audit', 'export', ...args], cliEnv(db.url));

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes, line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field === '' && row.length === 0, 'the last line ends with CRLF').toBe(true);
  return rows;
}

describe('audit export', () => {
  it('jsonl (the default): every event in order, enough to re-verify the chain offline', async () => {
    const out = await exportCli();
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('audit export: 8 events');
    const events = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.seq)).toEqual(await seqs(db.pool));
    expect(Object.keys(events[0])).toEqual([...EXPORT_COLUMNS]);
    expect(events[0]).toMatchObject({
      request_id: early,
      kind: 'invite',
      event: 'create',
      from_status: null,
      to_status: 'pending',
    });
    expect(events[1]).toMatchObject({ event: 'approve', actor_id: 'UADMIN001', detail: AWKWARD });
    let prev = '0'.repeat(64);
    for (const e of events) {
      expect(e.prev_hash).toBe(prev);
      const content = {
        requestId: e.request_id,
        event: e.event,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        actorId: e.actor_id,
        detail: e.detail,
        at: e.at,
      };
      expect(chainHash(e.prev_hash, content)).toBe(e.hash);
      prev = e.hash;
    }
  });

  it('csv: a header, then one record per event that parses back, awkward text intact', async () => {
    const out = await exportCli('--format', 'csv');
    expect(out.code, out.stderr).toBe(0);
    const [header, ...records] = parseCsv(out.stdout);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(records).toHaveLength(8);
    const col = (name: string) => EXPORT_COLUMNS.indexOf(name as (typeof EXPORT_COLUMNS)[number]);
    const approve = records[1]!;
    expect(approve).toHaveLength(EXPORT_COLUMNS.length);
    expect(JSON.parse(approve[col('detail')]!)).toEqual(AWKWARD);
    expect(records[0]![col('from_status')]).toBe('');
    expect(records.map((r) => Number(r[col('seq')]))).toEqual(await seqs(db.pool));
  });

  it('--since keeps only events at or after that instant', async () => {
    const out = await exportCli('--since', cutoff.toISOString());
    expect(out.code, out.stderr).toBe(0);
    const ids = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).request_id);
    expect(ids).toEqual([late, late, late, late]);

    const offset = await exportCli('--since', '2000-01-01T02:00:00+02:00', '--format', 'csv');
    expect(parseCsv(offset.stdout)).toHaveLength(9);
    const future = await exportCli('--since', '2999-01-01', '--format', 'csv');
    expect(future.code).toBe(0);
    expect(parseCsv(future.stdout)).toEqual([[...EXPORT_COLUMNS]]);
  });

  it.each([
    ['not a date', ['--since', 'yesterday']],
    ['an impossible day', ['--since', '2025-02-30']],
    ['a time without a zone', ['--since', '2025-01-01T10:00']],
    ['a missing value', ['--since']],
  ])('a bad --since (%s): exit 2, one clear line, nothing exported', async (_what, args) => {
    const out = await exportCli(...args);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^audit export: .*since/);
  });

  it('an unknown --format: exit 2', async () => {
    const out = await exportCli('--format', 'xml');
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe('audit export: --format must be jsonl or csv');
  });

  it('streams across batch boundaries without skipping or repeating', async () => {
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    expect(await exportHistory(db.pool, sink, { format: 'jsonl', batchSize: 3 })).toBe(8);
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual(await seqs(db.pool));
  });
});
