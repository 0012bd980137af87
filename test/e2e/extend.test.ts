import { describe, expect, it } from 'vitest';
import { makeDue } from '../../sandbox/job-clock.ts';
import { type FakeMessage, visibleText } from '../../sandbox/slack/index.ts';
import type { JobName } from '../../src/app/ports.ts';
import { keyNameFor } from '../../src/domain/issued-key.ts';
import type { RequestRecord } from '../../src/domain/request-record.ts';
import { endGrant } from '../../src/jobs/end-grant.ts';
import { executeRequest } from '../../src/jobs/execute-request.ts';
import { eventually, type Harness, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { withPolicyFile } from '../support/policy-file.ts';
import { eventsOf } from '../support/request-events.ts';

const H = 3_600_000;
const D = 24 * H;

/** What these tests do and look at, bound to one harness. */
function helpers(h: Harness) {
  const talk = conversation(h);
  const shop = () => h.neon.projects().find((p) => p.name === 'shop')!;
  const neonKeysOf = (id: string) => h.neon.apiKeys().filter((k) => k.name === keyNameFor(id));
  const dmsOf = (userId: string) => h.slack.messages(h.slack.dmChannelOf(userId) ?? '-');

  /** Jobs of a queue for a request, as pg-boss stores them. */
  async function jobsOf(name: string, requestId: string) {
    const { rows } = await h.db.pool.query<{
      state: string;
      start_after: Date;
      data: { endsAt?: string; leadMs?: number };
    }>(
      `SELECT state, start_after, data FROM pgboss.job WHERE name = $1 AND data->>'requestId' = $2 ORDER BY start_after`,
      [name, requestId],
    );
    return rows;
  }

  /** Time passes: the jobs of `name` made for this end (and lead) are made due now, then waited for. */
  async function timeReaches(name: JobName, requestId: string, endsAt: Date, leadMs?: number): Promise<void> {
    const lead = leadMs === undefined ? '' : ` AND data->>'leadMs' = '${leadMs}'`;
    const where = `name = $1 AND data->>'requestId' = $2 AND data->>'endsAt' = $3${lead}`;
    const args = [name, requestId, endsAt.toISOString()];
    const data = { endsAt: endsAt.toISOString(), ...(leadMs === undefined ? {} : { leadMs }) };
    expect(await makeDue(h.db.pool, name, requestId, data)).toBe(1);
    await eventually(
      async () =>
        (await h.db.pool.query(`SELECT 1 FROM pgboss.job WHERE ${where} AND state = 'completed'`, args)).rowCount === 1,
      15_000,
      `the ${name} job of ${requestId} to run`,
    );
  }

  /** A live key for Mia, approved by Ada. */
  async function liveKey(duration: string): Promise<RequestRecord> {
    const id = requestIdIn(await talk.ask(PEOPLE.member.id, `key ${shop().id} for ${duration} checking orders`));
    await talk.approve(PEOPLE.admin.id, await talk.card(id));
    return talk.status(id, 'done', 15_000);
  }

  /** `extend` by `userId`, approved by Ada; the extension as it ended (done or failed). */
  async function extend(userId: string, grantId: string, duration: string): Promise<RequestRecord> {
    const reply = await talk.ask(userId, `extend ${grantId} ${duration} still at it`);
    expect(reply).toContain('created');
    const id = requestIdIn(reply.replace(grantId, ''));
    await talk.approve(PEOPLE.admin.id, await talk.card(id));
    return eventually(
      async () => {
        const r = await h.bot.ctx.store.get(id);
        return r?.status === 'done' || r?.status === 'failed' ? r : undefined;
      },
      15_000,
      `${id} to be carried out`,
    );
  }

  return { talk, shop, neonKeysOf, dmsOf, jobsOf, timeReaches, liveKey, extend };
}

describe('extending a live grant', () => {
  const h = useHarness();
  const t = helpers(h);

  it('an extended key stays the same key in Neon and is revoked at the new end, not the old', async () => {
    const grant = await t.liveKey('2h');
    const oldEnd = grant.grantExpiresAt!;
    const [key] = t.neonKeysOf(grant.id);
    const neonCallsBefore = h.neon.requests.length;

    // Someone else's grant cannot be extended by them; the holder's can.
    expect(await t.talk.ask(PEOPLE.teammate.id, `extend ${grant.id} 1h`)).toContain('not a grant of yours');
    expect(await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 1h`)).toContain('created');
    // One extension pending at a time.
    expect(await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 2h`)).toContain('already waiting');
    const pending = (await h.bot.ctx.store.findOpenByDedupeKey(`extend:${grant.id}`))!;
    const card = await t.talk.card(pending.id);
    const asked = await t.talk.cardSaying(card, 'Approve');
    expect(asked).toContain('Extension request');
    expect(asked).toContain(`1h more of the key for \`${t.shop().id}\` (grant \`${grant.id}\`)`);
    await t.talk.approve(PEOPLE.admin.id, card);
    const done = await t.talk.status(pending.id, 'done', 15_000);

    const newEnd = new Date(oldEnd.getTime() + H);
    expect(done.result).toEqual({ grantId: grant.id, oldEnd: oldEnd.toISOString(), newEnd: newEnd.toISOString() });
    expect(done.executedWith).toBeNull();
    expect((await h.bot.ctx.store.get(grant.id))!.grantExpiresAt).toEqual(newEnd);
    // No Neon call at all: the same key stays valid.
    expect(h.neon.requests.slice(neonCallsBefore)).toEqual([]);
    expect(await t.talk.cardSaying(card, 'now ends')).toContain('instead of');
    await t.talk.dm(PEOPLE.member.id, pending.id, 'now ends');
    await t.talk.auditLine(pending.id, 'now ends');
    expect((await eventsOf(h.db.pool, pending.id)).map((e) => e.event)).toEqual([
      'create',
      'approve',
      'start',
      'succeed',
    ]);

    // The end-grant jobs: the old end's and the new end's, each due at its own end.
    const ends = (await t.jobsOf('end-grant', grant.id)).map((j) => [j.data.endsAt, j.start_after.getTime()]);
    expect(ends).toEqual([
      [oldEnd.toISOString(), oldEnd.getTime()],
      [newEnd.toISOString(), newEnd.getTime()],
    ]);
    // The old end comes: nothing happens.
    await t.timeReaches('end-grant', grant.id, oldEnd);
    expect((await h.bot.ctx.store.get(grant.id))!.status).toBe('done');
    expect(t.neonKeysOf(grant.id)).toEqual([expect.objectContaining({ id: key!.id, revoked: false })]);
    // The new end comes: the same key is revoked.
    await t.timeReaches('end-grant', grant.id, newEnd);
    await t.talk.status(grant.id, 'revoked');
    expect(t.neonKeysOf(grant.id)).toEqual([expect.objectContaining({ id: key!.id, revoked: true })]);

    // Ended, it cannot be extended; the reply says so.
    expect(await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 1h`)).toContain('already ended');
  });

  it('Extend… is on the grant wherever it is shown: `mine`, and the Home, where it opens the form', async () => {
    const grant = await t.liveKey('5h');
    expect(await t.talk.ask(PEOPLE.member.id, 'mine')).toContain(`Extend ${grant.id}…`);

    await h.driver.event({ type: 'app_home_opened', user: PEOPLE.member.id, channel: 'DMEMBER01', tab: 'home' });
    const home = await eventually(
      () => {
        const view = h.slack.homeView(PEOPLE.member.id);
        return JSON.stringify(view?.blocks ?? []).includes(`home-extend:${grant.id}`) ? view : undefined;
      },
      5_000,
      'the Home with Extend…',
    );
    await h.driver.blockAction(PEOPLE.member.id, {
      actionId: 'extend_grant',
      blockId: `home-extend:${grant.id}`,
      value: grant.id,
      view: { id: home!.id },
    });
    const form = await eventually(
      () =>
        h.slack
          .views(PEOPLE.member.id)
          .find((v) => v.callback_id === 'extend_grant' && v.private_metadata === grant.id),
      5_000,
      'the extension form over the Home',
    );
    // A mistake shows in the form itself; nothing is asked.
    const count = await t.talk.requestCountOf(PEOPLE.member.id);
    const refused = await h.driver.viewSubmission(PEOPLE.member.id, form, {
      extend_duration: { extend_duration_input: { type: 'plain_text_input', value: 'a while' } },
    });
    expect(JSON.stringify(refused.body)).toContain('A duration is a number and a unit');
    expect(await t.talk.requestCountOf(PEOPLE.member.id)).toBe(count);
  });

  it('a temporary role keeps its role and reverts at the new end', async () => {
    const { user, member } = newPerson(h, 'UEXTROLE1', 'rex', 'member');
    const id = requestIdIn(await t.talk.ask(user.id, 'role admin for 1h incident'));
    await t.talk.approve(PEOPLE.admin.id, await t.talk.card(id));
    const grant = await t.talk.status(id, 'done', 15_000);
    const patches = () => h.neon.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(member!.id));
    expect(patches()).toHaveLength(1);

    const ext = await t.extend(user.id, id, '2h');
    expect(ext.status).toBe('done');
    const newEnd = new Date(grant.grantExpiresAt!.getTime() + 2 * H);
    expect(patches()).toHaveLength(1);

    await t.timeReaches('end-grant', id, grant.grantExpiresAt!);
    expect((await h.bot.ctx.store.get(id))!.status).toBe('done');
    expect(h.neon.members().find((m) => m.id === member!.id)?.role).toBe('admin');
    await t.timeReaches('end-grant', id, newEnd);
    await t.talk.status(id, 'reverted');
    expect(h.neon.members().find((m) => m.id === member!.id)?.role).toBe('member');
    expect(patches()).toHaveLength(2);
  });

  it('an approver may ask for a holder, who hears of it', async () => {
    const grant = await t.liveKey('3h');
    const ext = await t.extend(PEOPLE.admin2.id, grant.id, '30m');
    expect(ext).toMatchObject({ status: 'done', requesterId: PEOPLE.admin2.id, targetUserId: PEOPLE.member.id });
    await t.talk.dm(PEOPLE.member.id, ext.id, 'asked to extend your grant');
  });

  it('an extension racing the grant’s end: the end moves, or the extension fails saying it ended; never half', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const grant = await t.liveKey('2h');
      const [key] = t.neonKeysOf(grant.id);
      const id = requestIdIn(await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 1h`));
      // Approved without its job, so the two jobs below are the only ones to act, at once.
      await h.bot.ctx.store.transition({
        id,
        event: 'approve',
        from: ['pending'],
        to: 'approved',
        actorId: PEOPLE.admin.id,
        patch: { decidedBy: PEOPLE.admin.id, decidedAt: new Date() },
      });
      const ctx = h.bot.ctx;
      const endsAt = grant.grantExpiresAt!.toISOString();
      // The end starts after a few database round trips more each round, so it meets the extension at
      // different points of its run: before its start, during its Slack check, at its commit.
      const offset = async (trips: number) => {
        for (let i = 0; i < trips; i++) await h.db.pool.query('SELECT 1');
      };
      await Promise.all([
        offset([0, 2, 5, 10, 20, 40][round]!).then(() =>
          endGrant(ctx, { data: { requestId: grant.id, endsAt }, isRetry: false, isLastAttempt: false }),
        ),
        executeRequest(ctx, { data: { requestId: id }, isRetry: false, isLastAttempt: false }),
      ]);

      const ext = (await ctx.store.get(id))!;
      const after = (await ctx.store.get(grant.id))!;
      const [neonKey] = t.neonKeysOf(grant.id);
      expect(neonKey!.id).toBe(key!.id);
      if (ext.status === 'done') {
        outcomes.add('extended');
        const newEnd = new Date(grant.grantExpiresAt!.getTime() + H);
        expect(after).toMatchObject({ status: 'done', grantExpiresAt: newEnd });
        expect(neonKey!.revoked).toBe(false);
        const ends = (await t.jobsOf('end-grant', grant.id)).map((j) => j.data.endsAt);
        expect(ends).toContain(newEnd.toISOString());
      } else {
        outcomes.add('ended first');
        expect(ext.status).toBe('failed');
        expect(ext.error).toMatch(
          new RegExp(`^The grant \`${grant.id}\` ended at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`),
        );
        expect(after.status).toBe('revoked');
        expect(neonKey!.revoked).toBe(true);
        // No end was scheduled beyond the one that ran.
        const ends = (await t.jobsOf('end-grant', grant.id)).map((j) => j.data.endsAt);
        expect(ends).toEqual([endsAt]);
      }
    }
    expect([...outcomes].every((o) => o === 'extended' || o === 'ended first')).toBe(true);
  });
});

describe('the policy: maxTotal, a grant’s whole life from when Neon applied it, and rules naming extend', () => {
  const h = useHarness(
    withPolicyFile(
      [
        'autoApprove:',
        '  - name: short-extensions',
        '    kinds: [extend]',
        '    maxDuration: 30m',
        '    quota: { requests: 5, per: 1d }',
        'durations:',
        '  key: { max: 4h, maxTotal: 6h }',
      ].join('\n'),
    ),
  );
  const t = helpers(h);

  it('refuses at once, saying the limit: one extension beyond max, or a life beyond maxTotal', async () => {
    const grant = await t.liveKey('4h');
    const count = await t.talk.requestCountOf(PEOPLE.member.id);
    expect(await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 5h`)).toContain('One extension may add at most 4h');
    const over = await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 3h`);
    expect(over).toContain('at most 6h in all');
    expect(over).toContain('no later than');
    expect(await t.talk.requestCountOf(PEOPLE.member.id)).toBe(count);
    // Within both: 2h more makes exactly 6h.
    expect((await t.extend(PEOPLE.member.id, grant.id, '2h')).status).toBe('done');
    expect(await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 1m`)).toContain('at most 6h in all');
  });

  it('a rule with extend in its kinds approves a short extension on its own; a longer one waits for a person', async () => {
    const grant = await t.liveKey('1h');
    const auto = await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 30m`);
    expect(auto).toContain('approved automatically by policy rule `short-extensions`');
    const ext = await t.talk.status(requestIdIn(auto), 'done', 15_000);
    expect(ext.decidedBy).toBe('policy:short-extensions');
    expect((await h.bot.ctx.store.get(grant.id))!.grantExpiresAt).toEqual(
      new Date(grant.grantExpiresAt!.getTime() + 30 * 60_000),
    );

    const asked = await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 1h`);
    expect(asked).toContain('An approver has been asked');
    // Denied with a reason: the requester is told, and the grant keeps its end.
    const id = requestIdIn(asked);
    const card = await t.talk.card(id);
    await h.driver.blockAction(PEOPLE.admin.id, {
      actionId: 'deny_request',
      message: { channel: card.channel, ts: card.ts },
    });
    const modal = await eventually(() => h.slack.views(PEOPLE.admin.id).find((v) => v.callback_id === 'deny_reason'));
    await h.driver.viewSubmission(PEOPLE.admin.id, modal, {
      note: { note_input: { type: 'plain_text_input', value: 'wrap it up today' } },
    });
    await t.talk.status(id, 'denied');
    await t.talk.dm(PEOPLE.member.id, id, 'wrap it up today');
    expect((await h.bot.ctx.store.get(grant.id))!.grantExpiresAt!.toISOString()).toBe(ext.result!.newEnd);
  });
});

describe('warnings before a grant ends', () => {
  const h = useHarness();
  const t = helpers(h);
  const warningsTo = (userId: string, grantId: string) =>
    t.dmsOf(userId).filter((m) => visibleText(m).includes('Your grant ends') && visibleText(m).includes(grantId));

  it('at 24 h and 1 h, moved by an extension, gone after an early end', async () => {
    const grant = await t.liveKey('2d');
    const end = grant.grantExpiresAt!;
    const warnings = await t.jobsOf('warn-grant', grant.id);
    expect(warnings.map((j) => [j.data.leadMs, j.start_after.getTime()])).toEqual([
      [D, end.getTime() - D],
      [H, end.getTime() - H],
    ]);

    await t.timeReaches('warn-grant', grant.id, end, D);
    const dm = await eventually(() => warningsTo(PEOPLE.member.id, grant.id)[0], 5_000, 'the 24 h warning');
    expect(visibleText(dm)).toContain('ends in about 1d');
    expect(JSON.stringify(dm.blocks)).toContain('extend_grant');
    expect(JSON.stringify(dm.blocks)).toContain('end_grant_now');

    // Extend… from the warning: the form, then the request, approved.
    await h.driver.blockAction(PEOPLE.member.id, {
      actionId: 'extend_grant',
      message: { channel: dm.channel, ts: dm.ts },
    });
    const form = await eventually(
      () => h.slack.views(PEOPLE.member.id).find((v) => v.callback_id === 'extend_grant'),
      5_000,
      'the extension form',
    );
    const before = t.dmsOf(PEOPLE.member.id).length;
    await h.driver.viewSubmission(PEOPLE.member.id, form, {
      extend_duration: { extend_duration_input: { type: 'plain_text_input', value: '1d' } },
      extend_reason: { extend_reason_input: { type: 'plain_text_input', value: 'release slipped' } },
    });
    const reply = await eventually(
      () =>
        t
          .dmsOf(PEOPLE.member.id)
          .slice(before)
          .find((m: FakeMessage) => visibleText(m).includes('created')),
      5_000,
      'the reply to the form',
    );
    const extId = requestIdIn(visibleText(reply));
    await t.talk.approve(PEOPLE.admin.id, await t.talk.card(extId));
    await t.talk.status(extId, 'done', 15_000);
    const newEnd = new Date(end.getTime() + D);

    // The old end's 1 h warning is stale: it runs and says nothing. The new end has its own two.
    const moved = (await t.jobsOf('warn-grant', grant.id)).filter((j) => j.data.endsAt === newEnd.toISOString());
    expect(moved.map((j) => [j.data.leadMs, j.start_after.getTime()])).toEqual([
      [D, newEnd.getTime() - D],
      [H, newEnd.getTime() - H],
    ]);
    await t.timeReaches('warn-grant', grant.id, end, H);
    await t.timeReaches('warn-grant', grant.id, newEnd, D);
    await eventually(() => warningsTo(PEOPLE.member.id, grant.id).length === 2, 5_000, 'the new 24 h warning');
    expect(warningsTo(PEOPLE.member.id, grant.id)).toHaveLength(2);

    // End now, from the new warning: the key is revoked at once, by its holder.
    const second = warningsTo(PEOPLE.member.id, grant.id)[1]!;
    await h.driver.blockAction(PEOPLE.member.id, {
      actionId: 'end_grant_now',
      message: { channel: second.channel, ts: second.ts },
    });
    const ended = await t.talk.status(grant.id, 'revoked', 15_000);
    expect(ended.result).toMatchObject({ revokedFor: 'owner' });
    expect(t.neonKeysOf(grant.id)).toEqual([expect.objectContaining({ revoked: true })]);
    const revoke = (await eventsOf(h.db.pool, grant.id)).at(-1)!;
    expect([revoke.event, revoke.actorId]).toEqual(['revoke', PEOPLE.member.id]);

    // Its last warning is harmless now.
    await t.timeReaches('warn-grant', grant.id, newEnd, H);
    expect(warningsTo(PEOPLE.member.id, grant.id)).toHaveLength(2);
    expect(await t.talk.ask(PEOPLE.member.id, `extend ${grant.id} 1h`)).toContain('was revoked');
  });

  it('a short grant gets only the warnings that fall after it started', async () => {
    const grant = await t.liveKey('2h');
    expect((await t.jobsOf('warn-grant', grant.id)).map((j) => j.data.leadMs)).toEqual([H]);
  });
});
