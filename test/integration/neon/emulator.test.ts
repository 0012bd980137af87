import { describe, expect, it } from 'vitest';
import { startNeonEmulator } from '../../../sandbox/neon/index.ts';
import { neonError, requestsFor, useWorld } from './world.ts';

const w = useWorld();

/** A raw call, to reach what the typed client never sends. */
async function raw(method: string, path: string, opts: { key?: string; body?: unknown; requestId?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.requestId) headers['x-request-id'] = opts.requestId;
  const body =
    opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const res = await fetch(`${w.emulator.url}${path}`, { method, headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const org = () => `/organizations/${w.orgId}`;

describe('request validation against the spec', () => {
  it('refuses a body the spec does not allow with 400 and echoes X-Request-ID', async () => {
    const res = await raw('POST', `${org()}/invitations`, {
      key: w.admin.personalKey,
      requestId: 'req-bad-body',
      body: { invitations: [{ email: 'not-an-email', role: 'owner' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: '', request_id: 'req-bad-body' });
    expect(res.body.message).toMatch(/invalid request/);
    expect(w.emulator.invitations()).toEqual([]);
  });

  it('refuses bad JSON, bad path parameters and out-of-range queries', async () => {
    expect(
      (await raw('PATCH', `${org()}/members/00000000-0000-4000-8000-000000000000`, { key: w.orgKey, body: '{' }))
        .status,
    ).toBe(400);
    expect((await raw('PATCH', `${org()}/members/not-a-uuid`, { key: w.orgKey, body: { role: 'admin' } })).status).toBe(
      400,
    );
    expect((await raw('GET', `/projects?org_id=${w.orgId}&limit=401`, { key: w.orgKey })).status).toBe(400);
    expect((await raw('GET', `${org()}/members?limit=0`, { key: w.orgKey })).status).toBe(400);
  });

  it('generates a request id when none is sent', async () => {
    const res = await raw('GET', '/users/me');
    expect(res.status).toBe(401);
    expect(res.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 404 for routes it does not serve', async () => {
    const res = await raw('GET', '/projects/some-project/branches', { key: w.orgKey });
    expect(res.status).toBe(404);
    expect(w.emulator.requests.at(-1)).toMatchObject({ operationId: undefined, status: 404 });
  });

  it('records its own contract violations and answers 500', async () => {
    const drifted = await startNeonEmulator();
    try {
      const user = drifted.addUser({ email: 'no-at-sign' });
      drifted.addMember(user.id, 'admin');
      const res = await fetch(`${drifted.url}/organizations/${drifted.orgId}/members`, {
        headers: { authorization: `Bearer ${user.personalKey}` },
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ code: 'EMULATOR_CONTRACT' });
      expect(drifted.contractViolations).toEqual([
        expect.objectContaining({ operationId: 'getOrganizationMembers', status: 200 }),
      ]);
    } finally {
      await drifted.close();
    }
  });
});

describe('key kinds (docs matrix)', () => {
  it('keeps org keys off user endpoints', async () => {
    for (const path of ['/users/me', '/users/me/organizations']) {
      const res = await raw('GET', path, { key: w.orgKey });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('not allowed for organization API keys');
    }
  });

  it('requires org_id on GET /projects with a personal key', async () => {
    const res = await raw('GET', '/projects', { key: w.admin.personalKey });
    expect(res).toMatchObject({
      status: 400,
      body: { message: 'org_id is required, you can find it on your organization settings page' },
    });
    expect((await raw('GET', `/projects?org_id=${w.orgId}`, { key: w.admin.personalKey })).status).toBe(200);
  });

  it('hides the org from a key of someone outside it', async () => {
    const stranger = w.emulator.addUser({ email: 'stranger@elsewhere.com' });
    expect((await raw('GET', `${org()}/members`, { key: stranger.personalKey })).status).toBe(404);
    expect((await raw('GET', `/projects?org_id=${w.orgId}`, { key: stranger.personalKey })).status).toBe(404);
    expect((await raw('GET', '/users/me/organizations', { key: stranger.personalKey })).body).toEqual({
      organizations: [],
    });
    expect((await raw('GET', '/organizations/org-other-1', { key: w.orgKey })).status).toBe(404);
  });

  it('lets only an admin personal key remove members, never the last admin', async () => {
    const temp = w.emulator.addUser({ email: 'temp@example.com' });
    const member = w.emulator.addMember(temp.id, 'member');
    expect((await raw('DELETE', `${org()}/members/${member.id}`, { key: w.orgKey })).status).toBe(403);
    expect((await raw('DELETE', `${org()}/members/${member.id}`, { key: w.member.personalKey })).status).toBe(403);
    expect(await raw('DELETE', `${org()}/members/${member.id}`, { key: w.admin.personalKey })).toEqual({
      status: 200,
      body: {},
    });
    expect((await raw('DELETE', `${org()}/members/${member.id}`, { key: w.admin.personalKey })).status).toBe(404);
    const ada = w.emulator.members().find((m) => m.userId === w.admin.id)!;
    expect((await raw('DELETE', `${org()}/members/${ada.id}`, { key: w.admin.personalKey })).status).toBe(409);
  });

  it('lets org keys change roles but not personal keys of members', async () => {
    const bob = w.emulator.members().find((m) => m.userId === w.member.id)!;
    expect(
      (await raw('PATCH', `${org()}/members/${bob.id}`, { key: w.member.personalKey, body: { role: 'admin' } })).status,
    ).toBe(403);
    expect((await raw('PATCH', `${org()}/members/${bob.id}`, { key: w.orgKey, body: { role: 'member' } })).status).toBe(
      200,
    );
  });

  it('creates org-wide keys only for admins, project keys for any member; never with an org key', async () => {
    const project = w.emulator.addProject({ name: 'Team App' });
    expect((await raw('POST', `${org()}/api_keys`, { key: w.orgKey, body: { key_name: 'x' } })).status).toBe(403);
    expect(
      (await raw('POST', `${org()}/api_keys`, { key: w.member.personalKey, body: { key_name: 'x' } })).status,
    ).toBe(403);
    const scoped = await raw('POST', `${org()}/api_keys`, {
      key: w.member.personalKey,
      body: { key_name: 'mine', project_id: project.id },
    });
    expect(scoped.status).toBe(200);
    expect(
      (
        await raw('POST', `${org()}/api_keys`, {
          key: w.admin.personalKey,
          body: { key_name: 'x', project_id: 'no-such-project' },
        })
      ).status,
    ).toBe(404);
    // a project-scoped key is no org key: no org actions, one project only
    const token = scoped.body.key as string;
    expect((await raw('GET', `${org()}/members`, { key: token })).status).toBe(403);
    expect((await raw('GET', `/projects/${project.id}`, { key: token })).status).toBe(200);
  });

  it('stops authenticating a key once revoked', async () => {
    const token = w.emulator.addOrgApiKey({ name: 'short-lived' });
    const id = w.emulator.apiKeys().find((k) => k.token === token)!.id;
    const revoked = await raw('DELETE', `${org()}/api_keys/${id}`, { key: w.orgKey });
    expect(revoked).toMatchObject({ status: 200, body: { id, revoked: true } });
    expect((await raw('GET', `${org()}`, { key: token })).status).toBe(401);
    expect((await raw('DELETE', `${org()}/api_keys/${id}`, { key: w.orgKey })).status).toBe(404);
  });
});

describe('invitations', () => {
  it('refuses to invite a member or an already invited email (409, nothing created)', async () => {
    const post = (email: string) =>
      raw('POST', `${org()}/invitations`, {
        key: w.admin.personalKey,
        body: { invitations: [{ email, role: 'member' }] },
      });
    expect((await post('BOB@example.com')).status).toBe(409);
    expect((await post('jane@example.com')).status).toBe(200);
    expect((await post('Jane@Example.com')).status).toBe(409);
    expect(w.emulator.invitations().filter((i) => i.email.toLowerCase() === 'jane@example.com')).toHaveLength(1);
  });

  it('adds an invited person who already has a Neon account at once, and others when they accept', async () => {
    const kim = w.emulator.addUser({ email: 'kim@example.com' });
    const body = {
      invitations: [
        { email: 'kim@example.com', role: 'admin' },
        { email: 'lee@example.com', role: 'member' },
      ],
    };
    expect((await raw('POST', `${org()}/invitations`, { key: w.admin.personalKey, body })).status).toBe(200);
    expect(w.emulator.members().find((m) => m.userId === kim.id)?.role).toBe('admin');
    expect(w.emulator.members().some((m) => m.email === 'lee@example.com')).toBe(false);
    const lee = w.emulator.acceptInvitation('lee@example.com');
    expect(w.emulator.members().find((m) => m.userId === lee.id)?.role).toBe('member');
  });
});

describe('faults', () => {
  it('matches by method and path, is recorded, and can be disarmed', async () => {
    w.emulator.failNext({ method: 'GET', path: /\/invitations$/ }, { status: 502 }, 5);
    expect((await raw('GET', `${org()}/invitations`, { key: w.orgKey })).status).toBe(502);
    expect(w.emulator.requests.at(-1)).toMatchObject({
      fault: 'status',
      status: 502,
      operationId: 'getOrganizationInvitations',
    });
    w.emulator.reset();
    expect((await raw('GET', `${org()}/invitations`, { key: w.orgKey })).status).toBe(200);
  });

  it('sends Retry-After with a 429', async () => {
    w.emulator.failNext('getOrganization', { status: 429, retryAfter: 7 });
    const res = await fetch(`${w.emulator.url}${org()}`, { headers: { authorization: `Bearer ${w.orgKey}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

describe('an organization that offers fewer roles (the roles option)', () => {
  const few = useWorld({ roles: ['admin', 'member', 'viewer'] });

  it('gives and invites with the roles it offers, and refuses the others with 400 and a message, changing nothing', async () => {
    const api = few.client.forKey(few.admin.personalKey);
    const bob = few.emulator.members().find((m) => m.userId === few.member.id)!;
    expect((await api.updateMemberRole(few.orgId, bob.id, 'viewer')).role).toBe('viewer');
    expect(await neonError(api.updateMemberRole(few.orgId, bob.id, 'editor'))).toMatchObject({
      kind: 'client',
      status: 400,
      message: 'role editor is not available for this organization',
    });
    expect(few.emulator.members().find((m) => m.id === bob.id)?.role).toBe('viewer');
    const invite = api.createInvitations(few.orgId, [{ email: 'new@example.com', role: 'collaborator' }]);
    expect(await neonError(invite)).toMatchObject({ status: 400 });
    expect(few.emulator.invitations()).toEqual([]);
  });

  it("the client's removeMember: one DELETE, and the member is gone", async () => {
    const bob = few.emulator.members().find((m) => m.userId === few.member.id)!;
    await expect(few.client.forKey(few.admin.personalKey).removeMember(few.orgId, bob.id)).resolves.toBeUndefined();
    expect(few.emulator.members().some((m) => m.id === bob.id)).toBe(false);
    expect(requestsFor(few.emulator, 'removeOrganizationMember').map((r) => [r.method, r.status])).toEqual([
      ['DELETE', 200],
    ]);
  });
});
