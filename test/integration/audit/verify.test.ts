import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash } from '../../../src/audit/chain.ts';
import { verifyHistory } from '../../../src/audit/verify.ts';
import { toStoredEvent } from '../../../src/store/events.ts';
import { RequestStore } from '../../../src/store/requests.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { runCli } from '../cli/run-cli.ts';
import { cliEnv, inviteLifecycle, seqs, tamper } from './fixtures.ts';

let db: TestDatabase;
let store: RequestStore;

// Every test tampers with its own history.
beforeEach(async () => {
  db = await createTestDatabase();
  store = new RequestStore(db.pool);
  for (let i = 0; i < 3; i++) await inviteLifecycle(store, { note: `approved ${i}` });
});
afterEach(() => db.drop());

const verifyCli = (...args: string[]) => runCli(['audit', 'verify', ...args], cliEnv(db.url));

describe('audit verify', () => {
  it('passes on an intact history, in any batch size, and reports the head to anchor', async () => {
    const all = await seqs(db.pool);
    expect(all).toHaveLength(12);
    const whole = await verifyHistory(db.pool);
    expect(whole).toMatchObject({ ok: true, count: 12, head: { seq: all.at(-1) } });
    // Batches of 5 cross page boundaries: the keyset pagination must neither skip nor repeat a row.
    expect(await verifyHistory(db.pool, { batchSize: 5 })).toEqual(whole);

    const out = await verifyCli();
    expect(out.code, out.stderr).toBe(0);
    const head = whole.ok && whole.head ? whole.head : undefined;
    expect(out.stdout).toContain('audit verify: ok, 12 events, chain intact');
    expect(out.stdout).toContain(`head: seq ${head?.seq} hash ${head?.hash}`);
  });

  it('an edited row fails, naming that row', async () => {
    const [, , target] = await seqs(db.pool);
    await tamper(db.pool, `UPDATE request_events SET detail = '{"note":"approved by nobody"}' WHERE seq = $1`, [
      target,
    ]);
    expect(await verifyHistory(db.pool, { batchSize: 5 })).toMatchObject({
      ok: false,
      seq: target,
      problem: expect.stringMatching(/edited/),
    });

    const out = await verifyCli();
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(new RegExp(`^audit verify: FAILED at seq ${target}: content does not match its hash`));
    expect(out.stdout).toBe('');
  });

  it('a row rewritten with its own hash recomputed fails at the next row', async () => {
    const [, target, next] = await seqs(db.pool);
    const { rows } = await db.pool.query('SELECT * FROM request_events WHERE seq = $1', [target]);
    const { seq: _seq, prevHash, hash: _hash, ...content } = toStoredEvent(rows[0]);
    const forged = { ...content, actorId: 'UOTHER' };
    await tamper(db.pool, 'UPDATE request_events SET actor_id = $2, hash = $3 WHERE seq = $1', [
      target,
      forged.actorId,
      chainHash(prevHash, forged),
    ]);
    expect(await verifyHistory(db.pool)).toMatchObject({
      ok: false,
      seq: next,
      problem: expect.stringMatching(`does not chain from seq ${target}`),
    });
  });

  it('a row deleted in the middle fails, naming the row after the gap', async () => {
    const all = await seqs(db.pool);
    const [gone, after] = [all[5]!, all[6]!];
    await tamper(db.pool, 'DELETE FROM request_events WHERE seq = $1', [gone]);
    expect(await verifyHistory(db.pool, { batchSize: 5 })).toMatchObject({ ok: false, seq: after, count: 5 });

    const out = await verifyCli();
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`FAILED at seq ${after}: does not chain from seq ${all[4]}`);
  });

  it('the first row deleted: the new first row does not start the chain', async () => {
    const [first, second] = await seqs(db.pool);
    await tamper(db.pool, 'DELETE FROM request_events WHERE seq = $1', [first]);
    expect(await verifyHistory(db.pool)).toMatchObject({
      ok: false,
      seq: second,
      problem: expect.stringMatching(/does not start the chain/),
    });
  });

  it('the last row deleted: its request no longer agrees with its history', async () => {
    const last = (await seqs(db.pool)).at(-1)!;
    await tamper(db.pool, 'DELETE FROM request_events WHERE seq = $1', [last]);
    const result = await verifyHistory(db.pool);
    expect(result).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/is 'done' but its history ends at 'executing'/),
    });

    const out = await verifyCli();
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^audit verify: FAILED: request R-AUD\d+ is 'done'/);
  });

  it('a careful truncation (request rolled back too) passes the chain, and only an anchor catches it', async () => {
    const before = await verifyHistory(db.pool);
    const anchor = before.ok ? before.head!.hash : '';
    const last = (await seqs(db.pool)).at(-1)!;
    const { rows } = await db.pool.query('SELECT request_id FROM request_events WHERE seq = $1', [last]);
    await tamper(db.pool, 'DELETE FROM request_events WHERE seq = $1', [last]);
    await db.pool.query(`UPDATE requests SET status = 'executing' WHERE id = $1`, [rows[0].request_id]);

    // The documented limit: nothing in the database alone shows the missing tail.
    expect(await verifyHistory(db.pool)).toMatchObject({ ok: true, count: 11 });
    expect(await verifyHistory(db.pool, { anchor })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/no longer in the history/),
    });

    const out = await verifyCli('--anchor', anchor);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`the anchored event ${anchor} is no longer in the history`);
  });

  it('an anchor still present passes', async () => {
    const head = await verifyHistory(db.pool);
    await inviteLifecycle(store);
    const out = await verifyCli('--anchor', head.ok ? head.head!.hash : '');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('ok, 16 events');
  });

  it('usage mistakes exit 2 with one line', async () => {
    const badAnchor = await verifyCli('--anchor', 'xyz');
    expect(badAnchor.code).toBe(2);
    expect(badAnchor.stderr.trim().split('\n')).toHaveLength(1);
    expect(badAnchor.stderr).toContain('--anchor must be a 64-character hex hash');

    const unknown = await runCli(['audit', 'verfy'], cliEnv(db.url));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: neon-access-bot audit verify');
  });
});
