import { describe, expect, it } from 'vitest';
import { makeDue } from '../../sandbox/job-clock.ts';
import { eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { changeRoleInNeon, conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { eventsOf } from '../support/request-events.ts';

const HOUR = 3_600_000;

// This organization offers every Neon role but `collaborator` (Neon: "some role values may not be available for all organizations").
const h = useHarness({ emulator: { roles: ['admin', 'member', 'editor', 'viewer'] } });
const talk = conversation(h);

const memberPatches = (memberId: string) =>
  h.neon.requests.filter(
    (r) => r.method === 'PATCH' && r.path === `/organizations/${h.neon.orgId}/members/${memberId}`,
  );
const roleIn = (memberId: string) => h.neon.members().find((m) => m.id === memberId)?.role;

/** The end-grant job the bot scheduled for a request, as pg-boss stores it. */
async function endGrantJob(requestId: string): Promise<{ start_after: Date } | undefined> {
  const { rows } = await h.db.pool.query<{ start_after: Date }>(
    `SELECT start_after FROM pgboss.job WHERE name = 'end-grant' AND data->>'requestId' = $1 AND state = 'created'`,
    [requestId],
  );
  return rows[0];
}

/** The grant's time passes: its end-grant job is made due now, rather than waited for. */
async function timePasses(requestId: string): Promise<void> {
  await makeDue(h.db.pool, 'end-grant', requestId);
}

describe('/neon role, end to end through the real app', () => {
  // First, while Ada is the organization's only admin (later tests make more admins).
  it("Neon's refusal to downgrade its only admin fails the request with a clear message and changes nothing", async () => {
    const ada = h.neon.members().find((m) => m.email === PEOPLE.admin.email)!;
    const reply = await talk.ask(PEOPLE.teammate.id, `role member for 1h <@${PEOPLE.admin.id}> she is on leave`);
    const id = requestIdIn(reply);
    const card = await talk.card(id);
    await talk.approve(PEOPLE.admin2.id, card);

    const row = await talk.status(id, 'failed');
    expect(row.error).toMatch(/^Neon refused: .*only admin.*make someone else an admin first\. Nothing was changed\.$/);
    expect(row.grantExpiresAt).toBeNull();
    expect(roleIn(ada.id)).toBe('admin');
    expect(memberPatches(ada.id).map((p) => [p.body, p.status])).toEqual([[{ role: 'member' }, 409]]);
    expect(await endGrantJob(id)).toBeUndefined();

    expect(await talk.cardSaying(card, 'Failed')).toContain('only admin');
    expect(await talk.dm(PEOPLE.teammate.id, id, 'failed')).toContain('make someone else an admin first');
    await talk.auditLine(id, 'only admin');
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create', 'approve', 'start', 'fail']);
  });

  it('a lasting change: one PATCH of the member id with the role, under the acting key; Neon changes the role', async () => {
    const { user, member } = newPerson(h, 'ULASTING1', 'lia', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin managing billing from now on'));
    const card = await talk.card(id);
    const asked = await talk.cardSaying(card, 'Approve');
    expect(asked).toContain('the *admin* role');
    expect(asked).toContain('lia@example.com');
    await talk.approve(PEOPLE.admin.id, card);

    const row = await talk.status(id, 'done');
    expect(row).toMatchObject({
      targetUserId: user.id,
      targetEmail: 'lia@example.com',
      grantExpiresAt: null,
      executedWith: 'fallback',
    });
    expect(row.result).toMatchObject({
      outcome: 'role_changed',
      memberId: member!.id,
      previousRole: 'member',
      newRole: 'admin',
    });
    const patches = memberPatches(member!.id);
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({ body: { role: 'admin' }, authorization: h.adminKey, status: 200 });
    expect(roleIn(member!.id)).toBe('admin');
    expect(await endGrantJob(id)).toBeUndefined();

    const done = await talk.cardSaying(card, 'Done');
    expect(done).toContain('role changed from *member* to *admin*');
    expect(done).not.toContain('until');
    await talk.dm(user.id, id, 'role changed from');
    await talk.auditLine(id, 'Done');
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create', 'approve', 'start', 'succeed']);

    // Asking again for the role one has is pointless: refused before any request exists.
    const requests = await talk.requestCountOf(user.id);
    expect(await talk.ask(user.id, 'role admin')).toContain('already have the *admin* role');
    expect(await talk.requestCountOf(user.id)).toBe(requests);
  });

  it('when Neon already shows the role at approval, nothing is sent and the card says so', async () => {
    const { user, member } = newPerson(h, 'USKIPPED1', 'max', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin'));
    const card = await talk.card(id);
    await changeRoleInNeon(h, member!.id, 'admin'); // someone was quicker, in the Neon console
    const before = memberPatches(member!.id).length;
    await talk.approve(PEOPLE.admin.id, card);

    const row = await talk.status(id, 'done');
    expect(row.result).toMatchObject({ outcome: 'already_in_role', newRole: 'admin' });
    expect(memberPatches(member!.id)).toHaveLength(before);
    expect(await talk.cardSaying(card, 'Done')).toContain('already had the *admin* role in Neon; nothing changed');
  });

  it('a temporary role: its clock starts when Neon applied it, and at its end the previous role comes back', async () => {
    const { user, member } = newPerson(h, 'UTEMPORAL', 'tia', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h on call tonight'));
    const card = await talk.card(id);
    expect(await talk.cardSaying(card, 'Approve')).toContain('the *admin* role for 1h');
    // Neon takes its time: the hour must count from its answer, not from the ask or the click.
    const slowMs = 700;
    h.neon.failNext({ operationId: 'updateOrganizationMember', path: new RegExp(member!.id) }, { delayMs: slowMs });
    await talk.approve(PEOPLE.admin.id, card);

    const row = await talk.status(id, 'done');
    const patch = memberPatches(member!.id)[0]!;
    expect(patch).toMatchObject({ body: { role: 'admin' }, authorization: h.adminKey, status: 200 });
    const applied = Date.parse(patch.at) + slowMs;
    const expires = row.grantExpiresAt!.getTime();
    expect(expires - (applied + HOUR)).toBeGreaterThanOrEqual(0);
    expect(expires - (applied + HOUR)).toBeLessThan(1_000);
    expect(expires - (row.createdAt.getTime() + HOUR)).toBeGreaterThanOrEqual(slowMs);
    expect(roleIn(member!.id)).toBe('admin');
    // The revert is a durable job, due exactly when the grant ends.
    expect((await endGrantJob(id))?.start_after.getTime()).toBe(expires);
    expect(await talk.cardSaying(card, 'until')).toContain('then back to *member*');
    await talk.dm(user.id, id, 'until');

    await timePasses(id);
    const ended = await talk.status(id, 'reverted', 15_000);
    expect(ended.result).toMatchObject({ ended: 'restored', previousRole: 'member' });
    expect(roleIn(member!.id)).toBe('member');
    expect(memberPatches(member!.id).map((p) => [p.body, p.authorization, p.status])).toEqual([
      [{ role: 'admin' }, h.adminKey, 200],
      [{ role: 'member' }, h.adminKey, 200],
    ]);
    expect(await talk.cardSaying(card, 'Ended')).toContain('role is back to *member*');
    await talk.dm(user.id, id, 'has ended');
    await talk.auditLine(id, 'back to *member*');
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual([
      'create',
      'approve',
      'start',
      'succeed',
      'revert',
    ]);
  });

  it('a restore that Neon refuses is noted on the card and in the audit channel, not retried for hours', async () => {
    const { user, member } = newPerson(h, 'UREFUSED1', 'rex', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h'));
    const card = await talk.card(id);
    await talk.approve(PEOPLE.admin.id, card);
    await talk.status(id, 'done');

    h.neon.failNext({ operationId: 'updateOrganizationMember', path: new RegExp(member!.id) }, { status: 409 });
    await timePasses(id);
    const noted = await talk.cardSaying(card, 'could not be restored');
    expect(noted).toContain('A Neon admin must change it in the console');
    await talk.auditLine(id, 'could not be restored');
    const row = await h.bot.ctx.store.get(id);
    expect(row?.status).toBe('done');
    expect(roleIn(member!.id)).toBe('admin');
    expect(memberPatches(member!.id).map((p) => p.status)).toEqual([200, 409]);
    // The job ended there: no retry is waiting to PATCH again.
    await eventually(
      async () => {
        const { rows } = await h.db.pool.query(
          `SELECT state FROM pgboss.job WHERE name = 'end-grant' AND data->>'requestId' = $1`,
          [id],
        );
        return rows.length === 1 && rows[0].state === 'completed';
      },
      5_000,
      'the end-grant job to complete',
    );
  });

  it('a PATCH whose answer is lost is not sent twice, and the retry still knows the role to restore', async () => {
    const { user, member } = newPerson(h, 'ULOSTANSR', 'ned', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 2h'));
    const card = await talk.card(id);
    // The connection drops before Neon answers; Neon applies it anyway.
    h.neon.failNext({ operationId: 'updateOrganizationMember', path: new RegExp(member!.id) }, { lost: true });
    await talk.approve(PEOPLE.admin.id, card);

    const row = await talk.status(id, 'done', 25_000);
    expect(memberPatches(member!.id)).toHaveLength(1);
    expect(roleIn(member!.id)).toBe('admin');
    expect(row.result).toMatchObject({ outcome: 'role_changed', previousRole: 'member', newRole: 'admin' });
    expect(row.grantExpiresAt).not.toBeNull();
    expect(await endGrantJob(id)).toBeDefined();
  }, 40_000);

  it("one of Neon's newer roles: a lasting change to viewer", async () => {
    const { user, member } = newPerson(h, 'UVIEWER01', 'vic', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role viewer read-only from now on'));
    const card = await talk.card(id);
    expect(await talk.cardSaying(card, 'Approve')).toContain('the *viewer* role');
    await talk.approve(PEOPLE.admin.id, card);

    const row = await talk.status(id, 'done');
    expect(row.result).toMatchObject({ outcome: 'role_changed', previousRole: 'member', newRole: 'viewer' });
    expect(memberPatches(member!.id).map((p) => [p.body, p.status])).toEqual([[{ role: 'viewer' }, 200]]);
    expect(roleIn(member!.id)).toBe('viewer');
    expect(await talk.cardSaying(card, 'Done')).toContain('role changed from *member* to *viewer*');
  });

  it('a temporary role restores whatever the previous role was, a newer one included', async () => {
    const { user, member } = newPerson(h, 'UEDITOR02', 'eli', 'editor');
    const id = requestIdIn(await talk.ask(user.id, 'role admin for 1h release night'));
    await talk.approve(PEOPLE.admin.id, await talk.card(id));
    expect((await talk.status(id, 'done')).result).toMatchObject({ previousRole: 'editor', newRole: 'admin' });
    expect(roleIn(member!.id)).toBe('admin');

    await timePasses(id);
    expect((await talk.status(id, 'reverted', 15_000)).result).toMatchObject({ ended: 'restored' });
    expect(roleIn(member!.id)).toBe('editor');
    expect(memberPatches(member!.id).map((p) => p.body)).toEqual([{ role: 'admin' }, { role: 'editor' }]);
  });

  it("a role the organization does not offer: failed, with Neon's own message on the card", async () => {
    const { user, member } = newPerson(h, 'UCOLLAB01', 'col', 'member');
    const id = requestIdIn(await talk.ask(user.id, 'role collaborator'));
    const card = await talk.card(id);
    await talk.approve(PEOPLE.admin.id, card);

    const row = await talk.status(id, 'failed');
    expect(row.error).toBe(
      'Neon refused: “role collaborator is not available for this organization”. Nothing was changed.',
    );
    expect(await talk.cardSaying(card, 'Failed')).toContain('role collaborator is not available for this organization');
    expect(memberPatches(member!.id).map((p) => p.status)).toEqual([400]);
    expect(roleIn(member!.id)).toBe('member');
  });

  it("an invitation with a role the organization does not offer: failed, with Neon's own message", async () => {
    const { user } = newPerson(h, 'UCOLLAB02', 'cole');
    const id = requestIdIn(await talk.ask(user.id, 'invite collaborator'));
    const card = await talk.card(id);
    await talk.approve(PEOPLE.admin.id, card);

    expect((await talk.status(id, 'failed')).error).toBe(
      'Neon refused: “role collaborator is not available for this organization”. No invitation was sent.',
    );
    expect(await talk.cardSaying(card, 'Failed')).toContain('No invitation was sent');
    expect(h.neon.invitations().some((i) => i.email === 'cole@example.com')).toBe(false);
  });

  it("a teammate's role: the person it is for hears of it, and neither they nor the requester can approve", async () => {
    // Bob is an approver, and now a Neon member too.
    h.neon.addMember(h.neon.addUser({ email: PEOPLE.admin2.email, name: 'Bob' }).id, 'member');
    const id = requestIdIn(
      await talk.ask(PEOPLE.admin.id, `role admin for 2h <@${PEOPLE.admin2.id}> pairing on the migration`),
    );
    const card = await talk.card(id);
    expect(await talk.cardSaying(card, 'Approve')).toMatch(/the \*admin\* role for <@UADMIN002> for 2h/);

    expect(await talk.clickAndHear(PEOPLE.admin.id, 'approve_request', card)).toContain('your own request');
    expect(await talk.clickAndHear(PEOPLE.admin2.id, 'approve_request', card)).toContain(
      'nor on a role change for you',
    );
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create']);
    // One open role change per person: a second ask for Bob points to this one.
    expect(await talk.ask(PEOPLE.teammate.id, `role admin for 1h <@${PEOPLE.admin2.id}>`)).toContain(
      `already an open role change for <@${PEOPLE.admin2.id}>: request \`${id}\``,
    );

    // Another teammate asks for Tom; an approver who is neither approves; Tom is told by DM.
    const forTom = requestIdIn(
      await talk.ask(PEOPLE.member.id, `role admin <@${PEOPLE.teammate.id}> to rotate the keys`),
    );
    await talk.approve(PEOPLE.admin.id, await talk.card(forTom));
    await talk.status(forTom, 'done');
    expect(await talk.dm(PEOPLE.teammate.id, forTom, 'asked to change your Neon role')).toContain(
      'role changed from *member* to *admin*',
    );
    await talk.dm(PEOPLE.member.id, forTom, 'was approved');
  });

  it.each([
    [
      'the person the role is for',
      'target',
      'The Slack account of the person the role is for has been deactivated since the request was made, so the role was not changed.',
    ],
    [
      'the requester',
      'requester',
      "The requester's Slack account has been deactivated since they asked, so the role was not changed.",
    ],
  ])(
    'is checked again in Slack when it runs: %s deactivated since the ask fails it, with no Neon call',
    async (_who, gone, expected) => {
      const n = gone === 'target' ? 1 : 2;
      const { user: asker } = newPerson(h, `UASKER00${n}`, `asker${n}`, 'member');
      const { user: target, member } = newPerson(h, `UTARGET0${n}`, `target${n}`, 'member');
      const id = requestIdIn(await talk.ask(asker.id, `role admin for 1h <@${target.id}> on call`));
      const card = await talk.card(id);
      h.slack.addUser({ ...(gone === 'target' ? target : asker), deleted: true });
      const neonBefore = h.neon.requests.length;
      await talk.approve(PEOPLE.admin.id, card);

      expect((await talk.status(id, 'failed', 15_000)).error).toBe(expected);
      expect(await talk.cardSaying(card, 'Failed')).toContain('deactivated since');
      expect(await talk.dm(asker.id, id, 'failed')).toContain('so the role was not changed');
      expect(h.neon.requests.length).toBe(neonBefore);
      expect(roleIn(member!.id)).toBe('member');
      expect(await endGrantJob(id)).toBeUndefined();
    },
  );

  it.each([
    [
      'a target who is not in the Neon organization',
      `role admin <@${PEOPLE.member.id}>`,
      'mia@example.com is not a member of the Neon organization',
    ],
    ['a duration longer than ROLE_MAX_DURATION', 'role admin for 8d', 'at most 7d'],
  ])('refuses before any card: %s', async (_what, text, expected) => {
    const requests = await talk.requestCountOf(PEOPLE.teammate.id);
    expect(await talk.ask(PEOPLE.teammate.id, text)).toContain(expected);
    expect(await talk.requestCountOf(PEOPLE.teammate.id)).toBe(requests);
  });

  it('the help lists role, mine, cancel and admin pending', async () => {
    const help = await talk.ask(PEOPLE.member.id, 'help');
    for (const usage of ['/neon role', '/neon mine', '/neon cancel', '/neon admin pending'])
      expect(help).toContain(usage);
  });
});
