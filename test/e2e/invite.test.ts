import { describe, expect, it } from 'vitest';
import { type FakeUser, type Json, visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { eventsOf } from '../support/request-events.ts';

const h = useHarness();
const talk = conversation(h);

/** What the user was told (talk.ask also insists that Slack got its 200). */
async function ask(userId: string, text: string): Promise<{ reply: string }> {
  return { reply: await talk.ask(userId, text) };
}

const invitePosts = () => h.neon.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invitations'));

const cardFor = (id: string) => talk.card(id);

const auditLines = () => h.slack.messages(CHANNELS.audit).map((m) => visibleText(m));

describe('/neon invite, end to end through the real app', () => {
  it('creates a request, cards it, and on Approve invites exactly once with the right call', async () => {
    const { reply } = await ask(PEOPLE.member.id, 'invite member joining the data team');
    const id = requestIdIn(reply);
    expect(reply).toContain('created');

    const card = await cardFor(id);
    expect(card).toBeDefined();
    const cardText = visibleText(card);
    expect(cardText).toContain('mia@example.com');
    expect(cardText).toContain('joining the data team');
    expect(cardText).toContain('Approve');

    const click = await h.driver.blockAction(PEOPLE.admin.id, {
      actionId: 'approve_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    expect(click.status).toBe(200);

    const row = await eventually(
      async () => {
        const r = await h.bot.ctx.store.get(id);
        return r?.status === 'done' ? r : undefined;
      },
      5_000,
      'the request to be done',
    );
    expect(row).toMatchObject({
      requesterEmail: 'mia@example.com',
      decidedBy: PEOPLE.admin.id,
      executedWith: 'fallback',
      result: { outcome: 'invited' },
    });

    const posts = invitePosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      path: `/organizations/${h.neon.orgId}/invitations`,
      authorization: h.adminKey,
      body: { invitations: [{ email: 'mia@example.com', role: 'member' }] },
      status: 200,
    });
    expect(h.neon.invitations().map((i) => i.email)).toContain('mia@example.com');

    // The same card, updated in place: never a second one.
    const updated = await eventually(() => {
      const m = h.slack.message(CHANNELS.approvals, card.ts);
      return m && visibleText(m).includes('Done') ? m : undefined;
    });
    expect(h.slack.messages(CHANNELS.approvals).filter((m) => visibleText(m).includes(id))).toHaveLength(1);
    expect(visibleText(updated)).toMatch(/Approved by/);
    expect(visibleText(updated)).not.toContain('Deny');

    const dm = await eventually(() =>
      h.slack.messages(h.slack.dmChannelOf(PEOPLE.member.id) ?? '-').find((m) => visibleText(m).includes(id)),
    );
    expect(visibleText(dm)).toContain('invitation');

    await eventually(() => auditLines().some((l) => l.includes(id) && l.includes('Done')));
    const lines = auditLines().filter((l) => l.includes(id));
    expect(lines.some((l) => l.includes('asked for'))).toBe(true);
    expect(lines.some((l) => l.includes('approved by'))).toBe(true);

    const events = await eventsOf(h.db.pool, id);
    expect(events.map((e) => e.event)).toEqual(['create', 'approve', 'start', 'succeed']);
    expect(events.map((e) => e.toStatus)).toEqual(['pending', 'approved', 'executing', 'done']);
  });

  it('an admin role can be asked for, and the reason defaults to empty', async () => {
    const { reply } = await ask(PEOPLE.member.id, 'invite admin');
    // Mia was invited above: Neon now lists her invitation, so the bot refuses before any card.
    expect(reply).toContain('already has a pending invitation');
  });

  it("one of Neon's newer roles: invited as an editor", async () => {
    const { user } = newPerson(h, 'UEDITOR01', 'eda');
    const id = requestIdIn((await ask(user.id, 'invite editor schema reviews')).reply);
    const card = await cardFor(id);
    expect(await talk.cardSaying(card, 'Approve')).toContain('an invitation to the Neon organization as *editor*');
    await talk.approve(PEOPLE.admin.id, card);
    await talk.status(id, 'done');
    expect(invitePosts().at(-1)?.body).toEqual({ invitations: [{ email: 'eda@example.com', role: 'editor' }] });
    expect(h.neon.invitations().find((i) => i.email === 'eda@example.com')?.role).toBe('editor');
  });

  it('Deny opens a modal; the reason reaches the card, the requester and the audit channel', async () => {
    const person = { id: 'UDENIED01', name: 'dan', realName: 'Dan Denied', email: 'dan@example.com' };
    h.slack.addUser(person);
    const { reply } = await ask(person.id, 'invite');
    const id = requestIdIn(reply);
    const card = await cardFor(id);

    const click = await h.driver.blockAction(PEOPLE.admin2.id, {
      actionId: 'deny_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    expect(click.status).toBe(200);
    const modal = await eventually(() => h.slack.views(PEOPLE.admin2.id).find((v) => v.callback_id === 'deny_reason'));
    const submit = await h.driver.viewSubmission(PEOPLE.admin2.id, modal, {
      note: { note_input: { type: 'plain_text_input', value: 'use the <!channel> shared staging account' } },
    });
    expect(submit.status).toBe(200);

    const row = await eventually(async () => {
      const r = await h.bot.ctx.store.get(id);
      return r?.status === 'denied' ? r : undefined;
    });
    expect(row.decidedBy).toBe(PEOPLE.admin2.id);
    const updated = await eventually(() => {
      const m = h.slack.message(CHANNELS.approvals, card.ts)!;
      return visibleText(m).includes('Denied') ? m : undefined;
    });
    expect(JSON.stringify(updated.blocks)).toContain('&lt;!channel&gt;');
    const dm = await eventually(() =>
      h.slack.messages(h.slack.dmChannelOf(person.id) ?? '-').find((m) => visibleText(m).includes(id)),
    );
    expect(visibleText(dm)).toContain('denied');
    await eventually(() => auditLines().some((l) => l.includes(id) && l.includes('denied by')));
    expect(invitePosts().filter((p) => JSON.stringify(p.body).includes('dan@example.com'))).toHaveLength(0);
  });

  it('a non-approver click changes nothing and explains why', async () => {
    const person = { id: 'UNONAPPR1', name: 'nat', realName: 'Nat', email: 'nat@example.com' };
    h.slack.addUser(person);
    const id = requestIdIn((await ask(person.id, 'invite')).reply);
    const card = await cardFor(id);
    const updatesBefore = h.slack.calls('chat.update').length;
    expect(await talk.clickAndHear(PEOPLE.teammate.id, 'approve_request', card)).toContain('Only approvers');
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');
    expect(h.slack.calls('chat.update').length).toBe(updatesBefore);
    expect(await eventsOf(h.db.pool, id)).toHaveLength(1);
  });

  it('nobody decides their own request, approver or not', async () => {
    const id = requestIdIn((await ask(PEOPLE.admin2.id, 'invite admin need the console')).reply);
    // With an approval channel the card is there; Bob clicks his own Approve.
    const card = await cardFor(id);
    expect(await talk.clickAndHear(PEOPLE.admin2.id, 'approve_request', card)).toContain('your own request');
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');
  });

  it('10 concurrent Approve clicks make exactly one Neon write', async () => {
    const person = { id: 'URACE0001', name: 'rae', realName: 'Rae Race', email: 'rae@example.com' };
    h.slack.addUser(person);
    const id = requestIdIn((await ask(person.id, 'invite')).reply);
    const card = await cardFor(id);
    const clicks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.driver.blockAction(i % 2 ? PEOPLE.admin.id : PEOPLE.admin2.id, {
          actionId: 'approve_request',
          message: { channel: CHANNELS.approvals, ts: card.ts },
        }),
      ),
    );
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    await eventually(async () => (await h.bot.ctx.store.get(id))?.status === 'done');
    expect(invitePosts().filter((p) => JSON.stringify(p.body).includes('rae@example.com'))).toHaveLength(1);
    const events = await eventsOf(h.db.pool, id);
    expect(events.filter((e) => e.event === 'approve')).toHaveLength(1);
    // The nine losers were told it was already decided.
    await eventually(
      () => {
        const told = [PEOPLE.admin.id, PEOPLE.admin2.id]
          .flatMap((u) => h.slack.ephemerals(u))
          .filter(
            (m) => visibleText(m).includes(`\`${id}\` was already`) || visibleText(m).includes(`${id} was already`),
          );
        return told.length === 9;
      },
      5_000,
      'nine "already decided" replies',
    );
  });

  it.each([
    ['outside ALLOWED_EMAIL_DOMAINS', PEOPLE.outsider.id, 'not one of them'],
    ['already a member (emails matched case-insensitively)', PEOPLE.teammate.id, 'already a member'],
    ['a guest', PEOPLE.guest.id, 'Only full members'],
    ['without a profile email', PEOPLE.noEmail.id, 'no email address'],
  ])('refuses before any card: %s', async (_what, userId, expected) => {
    const cardsBefore = h.slack.messages(CHANNELS.approvals).length;
    const { reply } = await ask(userId, 'invite');
    expect(reply).toContain(expected);
    expect(h.slack.messages(CHANNELS.approvals).length).toBe(cardsBefore);
    const { rows } = await h.db.pool.query('SELECT count(*)::int AS n FROM requests WHERE requester_id = $1', [userId]);
    expect(rows[0].n).toBe(0);
  });

  it('points a second identical pending request to the first', async () => {
    const person = { id: 'UTWICE001', name: 'tia', realName: 'Tia', email: 'tia@example.com' };
    h.slack.addUser(person);
    const first = requestIdIn((await ask(person.id, 'invite')).reply);
    const { reply } = await ask(person.id, 'invite admin again please');
    expect(reply).toContain('already asked');
    expect(requestIdIn(reply)).toBe(first);
  });

  it('escapes mentions typed into a reason everywhere they are shown', async () => {
    const person = { id: 'UINJECT01', name: 'ivy', realName: 'Ivy', email: 'ivy@example.com' };
    h.slack.addUser(person);
    const reason = 'hey <!channel> <!here> <@UADMIN001> <!subteam^S123> <https://evil.test|click me> & more';
    const id = requestIdIn((await ask(person.id, `invite member ${reason}`)).reply);
    await eventually(() => auditLines().some((l) => l.includes(id)));
    const carrying = h.slack.calls().filter((c) => JSON.stringify(c.args).includes(id));
    expect(carrying.length).toBeGreaterThan(1);
    for (const call of carrying) {
      const raw = JSON.stringify(call.args);
      for (const token of ['<!channel>', '<!here>', '<@UADMIN001>', '<!subteam^S123>', '<https://evil.test'])
        expect(raw).not.toContain(token);
    }
    expect(JSON.stringify((await cardFor(id)).blocks)).toContain('&lt;!channel&gt;');
  });

  it.each([
    ['invite member', undefined],
    ['key shop for 1h', undefined],
    ['role admin', 'member'],
  ] as const)(
    'a reason over 500 characters is shortened to 500, and the reply to `%s` says so',
    async (head, neonRole) => {
      const n = head.split(' ')[0]!;
      const { user } = newPerson(h, `ULONG${n.toUpperCase().padEnd(4, '0')}`, `long${n}`, neonRole);
      const reply = await talk.ask(user.id, `${head} ${'because '.repeat(80)}`);
      expect(reply).toContain('created');
      expect(reply).toContain('Your reason was shortened to 500 characters.');
      const row = await h.bot.ctx.store.get(requestIdIn(reply));
      expect([...(row?.reason ?? '')]).toHaveLength(500);
      // A reason that fits is kept whole, and the reply says nothing of shortening.
      const { user: brief } = newPerson(h, `UFITS${n.toUpperCase().padEnd(4, '0')}`, `fits${n}`, neonRole);
      expect(await talk.ask(brief.id, `${head} ${'a'.repeat(500)}`)).not.toContain('shortened');
    },
  );

  it('a long reason given to `key` without a project: the form opens with it shortened, and says so', async () => {
    const { user } = newPerson(h, 'ULONGFORM', 'longform');
    const opened = h.slack.calls('views.open').length;
    expect((await h.driver.command(user.id, `key for 1h ${'because '.repeat(80)}`)).status).toBe(200);
    const form = await eventually(() => h.slack.calls('views.open')[opened], 10_000, 'the key form');
    const reason = ((form.args.view as Json).blocks as Json[]).find((b) => b.block_id === 'key_reason')!;
    expect(reason.hint).toMatchObject({ text: 'Your reason was shortened to 500 characters.' });
    expect([...String((reason.element as Json).initial_value)]).toHaveLength(500);
  });

  it('a Deny reason is shown whole, even when escaping makes it longer than what was typed', async () => {
    const { user } = newPerson(h, 'UDENYAMP1', 'amos');
    const id = requestIdIn((await ask(user.id, 'invite')).reply);
    const card = await cardFor(id);
    await h.driver.blockAction(PEOPLE.admin2.id, {
      actionId: 'deny_request',
      message: { channel: CHANNELS.approvals, ts: card.ts },
    });
    const modal = await eventually(() =>
      h.slack.views(PEOPLE.admin2.id).findLast((v) => v.callback_id === 'deny_reason'),
    );
    const note = `${'R&D <team> '.repeat(44)}the end`; // 491 typed (the modal takes 500), 887 once escaped
    await h.driver.viewSubmission(PEOPLE.admin2.id, modal, {
      note: { note_input: { type: 'plain_text_input', value: note } },
    });
    const escaped = note.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(await talk.dm(user.id, id, 'denied')).toContain(`“${escaped}”`);
    expect(await talk.cardSaying(card, 'Denied')).toContain(`“${escaped}”`);
  });

  describe('is checked again in Slack when it runs: what changed since the ask fails it, with no Neon call', () => {
    /** Asks as a new person, lets Slack change them, approves, and returns what the card and the DM said. */
    async function approveAfter(
      id: string,
      name: string,
      change: (user: FakeUser) => void,
    ): Promise<{ requestId: string; error: string; card: string; dm: string; neonCalls: number }> {
      const { user } = newPerson(h, id, name);
      const requestId = requestIdIn((await ask(user.id, 'invite member joining the data team')).reply);
      const card = await cardFor(requestId);
      change(user);
      const neonBefore = h.neon.requests.length;
      await talk.approve(PEOPLE.admin.id, card);
      const row = await talk.status(requestId, 'failed', 15_000);
      return {
        requestId,
        error: row.error ?? '',
        card: await talk.cardSaying(card, 'Failed'),
        dm: await talk.dm(user.id, requestId, 'failed'),
        neonCalls: h.neon.requests.length - neonBefore,
      };
    }

    it('the requester was deactivated after asking', async () => {
      const seen = await approveAfter('UGONE0001', 'gina', (u) => h.slack.addUser({ ...u, deleted: true }));
      expect(seen.error).toBe(
        "The requester's Slack account has been deactivated since they asked, so no invitation was sent.",
      );
      expect(seen.card).toContain('deactivated since they asked');
      expect(seen.dm).toContain('deactivated since they asked');
      expect(seen.neonCalls).toBe(0);
      expect(h.neon.invitations().map((i) => i.email)).not.toContain('gina@example.com');
      expect((await eventsOf(h.db.pool, seen.requestId)).map((e) => e.event)).toEqual([
        'create',
        'approve',
        'start',
        'fail',
      ]);
    });

    it('the requester’s Slack email moved outside ALLOWED_EMAIL_DOMAINS', async () => {
      const seen = await approveAfter('UMOVED001', 'milo', (u) =>
        h.slack.addUser({ ...u, email: 'milo@elsewhere.test' }),
      );
      expect(seen.error).toBe(
        "The requester's Slack email is now milo@elsewhere.test, outside the allowed domains (example.com), so no invitation was sent.",
      );
      expect(seen.card).toContain('outside the allowed domains');
      expect(seen.dm).toContain('outside the allowed domains');
      expect(seen.neonCalls).toBe(0);
    });

    it('the requester’s Slack email changed within the allowed domain: the address the approver saw is not swapped', async () => {
      const seen = await approveAfter('URENAMED1', 'rena', (u) =>
        h.slack.addUser({ ...u, email: 'rena.new@example.com' }),
      );
      expect(seen.error).toContain('changed since they asked (it is now rena.new@example.com)');
      expect(seen.neonCalls).toBe(0);
    });

    it('a key: the requester was deactivated after asking, so no key is created', async () => {
      const { user } = newPerson(h, 'UKEYGONE1', 'kira');
      const requestId = requestIdIn(await talk.ask(user.id, 'key shop for 1h debugging'));
      const card = await cardFor(requestId);
      h.slack.addUser({ ...user, deleted: true });
      const neonBefore = h.neon.requests.length;
      await talk.approve(PEOPLE.admin.id, card);
      expect((await talk.status(requestId, 'failed', 15_000)).error).toBe(
        "The requester's Slack account has been deactivated since they asked, so no key was created.",
      );
      expect(await talk.cardSaying(card, 'Failed')).toContain('so no key was created');
      expect(h.neon.requests.length).toBe(neonBefore);
    });

    it('the invitee became a member meanwhile: done, "already a member", and Neon is only read', async () => {
      const { user } = newPerson(h, 'UJOINED01', 'joel');
      const requestId = requestIdIn((await ask(user.id, 'invite member')).reply);
      const card = await cardFor(requestId);
      h.neon.addMember(h.neon.addUser({ email: 'joel@example.com', name: 'joel' }).id, 'member');
      const neonBefore = h.neon.requests.length;
      await talk.approve(PEOPLE.admin.id, card);
      const row = await talk.status(requestId, 'done', 15_000);
      expect(row.result).toMatchObject({ outcome: 'already_member' });
      expect(await talk.cardSaying(card, 'Done')).toContain('already a member');
      expect(h.neon.requests.slice(neonBefore).filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
});
