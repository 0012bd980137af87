import { describe, expect, it } from 'vitest';
import { fromStatuses } from '../../src/domain/request.ts';
import { CHANNELS, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { eventsOf } from '../support/request-events.ts';

const h = useHarness();
const talk = conversation(h);

describe('/neon cancel', () => {
  it('withdraws my pending request: the card says cancelled, the audit channel is told, and I may ask again', async () => {
    const { user } = newPerson(h, 'UCANCELS1', 'cal', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 2h'));
    const card = await talk.card(id);

    expect(await talk.ask(user.id, `cancel ${id.toLowerCase()}`)).toContain(`Request \`${id}\` is withdrawn`);
    const row = await talk.status(id, 'cancelled');
    expect(row.decidedBy).toBeNull();
    const cancelled = await talk.cardSaying(card, 'Cancelled by the requester');
    expect(cancelled).not.toContain('Approve');
    await talk.auditLine(id, 'cancelled by');
    expect((await eventsOf(h.db.pool, id)).map((e) => [e.event, e.actorId])).toEqual([
      ['create', user.id],
      ['cancel', user.id],
    ]);

    // The ask no longer blocks a new one.
    expect(await talk.ask(user.id, 'role admin for 1h')).toContain('created');
  });

  it("refuses someone else's request, an unknown id, and a request already decided", async () => {
    const { user } = newPerson(h, 'UCANCELS2', 'cam', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin'));
    const card = await talk.card(id);

    for (const [who, typed] of [
      [PEOPLE.member.id, id],
      [user.id, 'R-22222222'],
    ] as const) {
      expect(await talk.ask(who, `cancel ${typed}`)).toContain('is not one of your requests');
    }
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');

    await talk.approve(PEOPLE.admin.id, card);
    await talk.status(id, 'done');
    const refusal = await talk.ask(user.id, `cancel ${id}`);
    expect(refusal).toContain('is already *done*');
    expect(refusal).toContain('can no longer be withdrawn');
    expect((await h.bot.ctx.store.get(id))?.status).toBe('done');
  });
});

describe('/neon mine', () => {
  it('shows my recent requests with their states, and my live keys and temporary roles with their ends', async () => {
    const { user } = newPerson(h, 'UMINEALL1', 'moe', 'member');
    const withdrawn = requestIdIn(await talk.ask(user.id, 'role admin for 3h'));
    await talk.ask(user.id, `cancel ${withdrawn}`);
    const temporary = requestIdIn(await talk.ask(user.id, 'role admin for 2h'));
    await talk.approve(PEOPLE.admin.id, await talk.card(temporary));
    const granted = await talk.status(temporary, 'done');
    const waiting = requestIdIn(await talk.ask(user.id, 'role member back to normal'));
    const key = await issuedKey(user.id);
    const someoneElses = requestIdIn(await talk.ask(PEOPLE.teammate.id, 'role admin'));

    const mine = await talk.ask(user.id, 'mine');
    const line = (id: string) => mine.split('\n').find((l) => l.includes(id)) ?? '';
    expect(line(withdrawn)).toContain('*cancelled*');
    expect(line(waiting)).toContain('*waiting for a decision*');
    expect(mine).not.toContain(someoneElses);
    // Newest first.
    expect(mine.indexOf(waiting)).toBeLessThan(mine.indexOf(withdrawn));

    const held = mine.slice(mine.indexOf('What you hold now'));
    const unix = Math.floor(granted.grantExpiresAt!.getTime() / 1000);
    expect(held).toMatch(
      new RegExp(
        `the \\*admin\\* role until <!date\\^${unix}\\^[^>]*>, then back to \\*member\\* \\(\`${temporary}\`\\)`,
      ),
    );
    expect(held).toContain(`key \`4242\` for project \`proj-billing\`, until`);
    expect(held).toContain(key);
  });

  it('says so when there is nothing yet', async () => {
    const { user } = newPerson(h, 'UMINENONE', 'nia');
    const mine = await talk.ask(user.id, 'mine');
    expect(mine).toContain('You have not asked for anything yet');
    expect(mine).toContain('No live keys or temporary roles');
  });
});

describe('/neon admin pending', () => {
  it('is for approvers only', async () => {
    expect(await talk.ask(PEOPLE.teammate.id, 'admin pending')).toContain('Only approvers');
  });

  it('lists what waits, oldest first, each with a link to its card', async () => {
    const asked: string[] = [];
    for (const [id, name] of [
      ['UPENDING1', 'pia'],
      ['UPENDING2', 'pat'],
    ] as const) {
      const { user } = newPerson(h, id, name, 'member');
      asked.push(requestIdIn(await talk.ask(user.id, 'role admin for 4h')));
    }
    const cards = await Promise.all(asked.map((id) => talk.card(id)));
    const { rows } = await h.db.pool.query<{ id: string }>(
      `SELECT id FROM requests WHERE status = 'pending' ORDER BY created_at, id`,
    );

    const listing = await talk.ask(PEOPLE.admin2.id, 'admin pending');
    expect(listing).toContain(`${rows.length} requests waiting for a decision`);
    const order = rows.map((r) => listing.indexOf(r.id));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const [i, id] of asked.entries()) {
      const link = `https://fake-workspace.slack.com/archives/${CHANNELS.approvals}/p${cards[i]!.ts.replace('.', '')}`;
      expect(listing.split('\n').find((l) => l.includes(id))).toContain(`<${link}|open the card>`);
    }
  });
});

/** Issuing keys is the key kind's job; its done row is all `/neon mine` reads, so one is stored as that kind leaves it. */
async function issuedKey(userId: string): Promise<string> {
  const store = h.bot.ctx.store;
  const created = await store.create({
    id: 'R-KEYKEY22',
    kind: 'key',
    requesterId: userId,
    projectId: 'proj-billing',
    durationMs: 8 * 3_600_000,
    reason: '',
    dedupeKey: 'key:test',
  });
  if (!created.ok) throw new Error('could not store the key request');
  const result = {
    keyId: 4242,
    keyName: 'neon-access-bot R-KEYKEY22',
    projectId: 'proj-billing',
    revealBy: new Date().toISOString(),
  };
  for (const [event, to] of [
    ['approve', 'approved'],
    ['start', 'executing'],
    ['succeed', 'done'],
  ] as const) {
    const patch = to === 'done' ? { result, grantExpiresAt: new Date(Date.now() + 8 * 3_600_000) } : {};
    await store.transition({ id: created.request.id, event, from: fromStatuses(event), to, actorId: 'system', patch });
  }
  return created.request.id;
}
