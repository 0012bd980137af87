import { describe, expect, it } from 'vitest';
import { eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { eventsOf } from '../support/request-events.ts';

// `/neon admin remove`, through the real app: an approver asks, another approves, and the bot
// removes the member with that approver's own Neon key (never the shared NEON_API_KEY).

const h = useHarness();
const talk = conversation(h);

const deletesOf = (memberId: string) =>
  h.neon.requests.filter(
    (r) => r.method === 'DELETE' && r.path === `/organizations/${h.neon.orgId}/members/${memberId}`,
  );
const inNeon = (memberId: string) => h.neon.members().some((m) => m.id === memberId);
/** Bob's own Neon key, once he is an org admin and has connected it. */
let bobKey = '';

describe('/neon admin remove, end to end through the real app', () => {
  // First, while Ada is the organization's only admin.
  it("refuses at once to remove the org's last admin", async () => {
    const requests = await talk.requestCountOf(PEOPLE.admin2.id);
    expect(await talk.ask(PEOPLE.admin2.id, `admin remove <@${PEOPLE.admin.id}> testing`)).toContain(
      "ada@example.com is the Neon organization's last admin",
    );
    expect(await talk.requestCountOf(PEOPLE.admin2.id)).toBe(requests);
  });

  it.each([
    ['an email Neon does not know', 'admin remove nobody@example.com', 'nobody@example.com is not a member'],
    ['a Slack user who is not in Neon', `admin remove <@${PEOPLE.member.id}>`, 'mia@example.com is not a member'],
  ])('refuses at once someone not in the org: %s', async (_what, text, expected) => {
    const requests = await talk.requestCountOf(PEOPLE.admin.id);
    expect(await talk.ask(PEOPLE.admin.id, text)).toContain(expected);
    expect(await talk.requestCountOf(PEOPLE.admin.id)).toBe(requests);
  });

  it('is for approvers only', async () => {
    expect(await talk.ask(PEOPLE.teammate.id, `admin remove <@${PEOPLE.admin.id}>`)).toContain(
      'Only approvers can ask to remove someone',
    );
  });

  it('the asker cannot approve it; approved with only the shared key it waits, saying why, and runs once the approver connects their own key', async () => {
    const { user, member } = newPerson(h, 'UGILGONE1', 'gil', 'member');
    const id = requestIdIn(await talk.ask(PEOPLE.admin.id, `admin remove <@${user.id}> left the company`));
    const card = await talk.card(id);
    const asked = await talk.cardSaying(card, 'Removal request');
    expect(asked).toContain(`the removal of <@${user.id}> (gil@example.com) from the Neon organization`);
    expect(asked).toContain('left the company');
    expect(await talk.ask(PEOPLE.admin2.id, 'admin pending')).toContain(id);
    // One open removal per person: asked again, by email, it points to this one.
    expect(await talk.ask(PEOPLE.admin2.id, 'admin remove GIL@example.com')).toContain(
      `already an open removal of gil@example.com: request \`${id}\``,
    );

    expect(await talk.clickAndHear(PEOPLE.admin.id, 'approve_request', card)).toContain(
      'You cannot decide on your own request',
    );
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');

    // Bob approves with no key of his own: NEON_API_KEY is there, but never acts for a removal.
    await talk.approve(PEOPLE.admin2.id, card);
    const waiting = await talk.cardSaying(card, 'Approved, waiting');
    expect(waiting).toContain("a removal runs only with the approving admin's own Neon key");
    expect(waiting).toContain('the shared NEON_API_KEY is never used for it');
    expect(waiting).toContain('/neon admin connect');
    expect((await h.bot.ctx.store.get(id))?.status).toBe('approved');
    expect(deletesOf(member!.id)).toEqual([]);
    expect(inNeon(member!.id)).toBe(true);

    // Bob is an org admin in Neon too, and connects his own key: the removal runs with it.
    const bob = h.neon.addUser({ email: PEOPLE.admin2.email, name: 'Bob' });
    h.neon.addMember(bob.id, 'admin');
    bobKey = bob.personalKey;
    await talk.connectKey(PEOPLE.admin2.id, bobKey);

    const row = await talk.status(id, 'done', 15_000);
    expect(row).toMatchObject({ executedWith: PEOPLE.admin2.id, decidedBy: PEOPLE.admin2.id, error: null });
    expect(row.result).toEqual({ outcome: 'removed', email: 'gil@example.com', role: 'member' });
    expect(deletesOf(member!.id).map((r) => [r.authorization, r.status])).toEqual([[bobKey, 200]]);
    expect(inNeon(member!.id)).toBe(false);
    const done = await talk.cardSaying(card, 'Done');
    expect(done).toContain('gil@example.com was removed from the Neon organization (they were *member*)');
    expect(done).toContain(`<@${PEOPLE.admin2.id}>'s own Neon key`);
    await talk.dm(PEOPLE.admin.id, id, 'was removed from the Neon organization');
    await talk.auditLine(id, 'was removed');
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create', 'approve', 'start', 'succeed']);
    expect(await talk.ask(PEOPLE.admin.id, 'mine')).toContain(id);
  });

  it('by email: with the approver’s key connected, it runs at once with that key', async () => {
    const { member } = newPerson(h, 'UKAIEMAIL', 'kai', 'editor');
    const id = requestIdIn(await talk.ask(PEOPLE.admin.id, 'admin remove Kai@Example.com contract ended'));
    expect((await h.bot.ctx.store.get(id))?.targetEmail).toBe('kai@example.com');
    await talk.approve(PEOPLE.admin2.id, await talk.card(id));

    const row = await talk.status(id, 'done', 15_000);
    expect(row.result).toEqual({ outcome: 'removed', email: 'kai@example.com', role: 'editor' });
    expect(deletesOf(member!.id).map((r) => [r.authorization, r.status])).toEqual([[bobKey, 200]]);
    expect(inNeon(member!.id)).toBe(false);
    // Asked again once done: Neon no longer lists them.
    expect(await talk.ask(PEOPLE.admin.id, 'admin remove kai@example.com')).toContain('is not a member');
  });

  it('a DELETE whose answer is lost is not sent again: the bot finds the member gone and records done', async () => {
    const { user, member } = newPerson(h, 'ULOSTDEL1', 'lou', 'member');
    const id = requestIdIn(await talk.ask(PEOPLE.admin.id, `admin remove <@${user.id}>`));
    // The connection drops before Neon answers; Neon removes the member a moment later anyway.
    h.neon.failNext(
      { operationId: 'removeOrganizationMember', path: new RegExp(member!.id) },
      { lost: true, landsAfterMs: 300 },
    );
    await talk.approve(PEOPLE.admin2.id, await talk.card(id));

    const row = await talk.status(id, 'done', 25_000);
    expect(row.result).toMatchObject({ outcome: 'removed', email: 'lou@example.com' });
    expect(deletesOf(member!.id)).toHaveLength(1);
    expect(inNeon(member!.id)).toBe(false);
  }, 40_000);

  it('the retry of an attempt that lost the answer and could not look finds the member gone: done, with no second DELETE', async () => {
    const { user, member } = newPerson(h, 'ULOSTDEL2', 'lia', 'member');
    const id = requestIdIn(await talk.ask(PEOPLE.admin.id, `admin remove <@${user.id}>`));
    h.neon.failNext(
      { operationId: 'removeOrganizationMember', path: new RegExp(member!.id) },
      { lost: true, landsAfterMs: 1_000 },
    );
    await talk.approve(PEOPLE.admin2.id, await talk.card(id));
    // Once the DELETE is out, Neon's member list fails for a while: that attempt cannot see what it did, and gives up.
    await eventually(() => deletesOf(member!.id).length > 0, 10_000, 'the DELETE');
    h.neon.failNext('getOrganizationMembers', { status: 503 }, 4);

    const row = await talk.status(id, 'done', 30_000);
    expect(row.result).toEqual({ outcome: 'removed', email: 'lia@example.com' });
    expect(deletesOf(member!.id)).toHaveLength(1);
    expect(inNeon(member!.id)).toBe(false);
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create', 'approve', 'start', 'succeed']);
    // It was the job's retry that recorded it.
    const { rows } = await h.db.pool.query<{ retry_count: number }>(
      `SELECT retry_count FROM pgboss.job WHERE name = 'execute-request' AND data->>'requestId' = $1`,
      [id],
    );
    expect(rows.map((r) => r.retry_count)).toEqual([1]);
  }, 45_000);

  it("Neon's refusal (an org API key) fails the request with Neon's words, and nobody is removed", async () => {
    const { user, member } = newPerson(h, 'UORGKEY01', 'ola', 'member');
    const id = requestIdIn(await talk.ask(PEOPLE.admin.id, `admin remove <@${user.id}>`));
    // Bob's stored key is now an org API key: Neon takes a removal only from an admin's personal key.
    const orgKey = h.neon.addOrgApiKey();
    await h.db.pool.query('DELETE FROM admin_credentials WHERE slack_user_id = $1', [PEOPLE.admin2.id]);
    await h.bot.ctx.credentials.save({
      slackUserId: PEOPLE.admin2.id,
      key: orgKey,
      neonUserId: 'org-key',
      neonEmail: PEOPLE.admin2.email,
    });
    await talk.approve(PEOPLE.admin2.id, await talk.card(id));

    const row = await talk.status(id, 'failed', 15_000);
    expect(row.error).toBe('Neon refused: “not allowed for organization API keys”. Nobody was removed.');
    expect(deletesOf(member!.id).map((r) => r.status)).toEqual([403]);
    expect(inNeon(member!.id)).toBe(true);
  });
});
