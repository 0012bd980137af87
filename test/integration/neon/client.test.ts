import { describe, expect, it } from 'vitest';
import { neonError, printable, requestsFor, startWorld, useWorld } from './world.ts';

const w = useWorld();

describe('Neon client against the emulator: happy paths', () => {
  it('identifies the owner of a personal key and sends the bearer key and request id', async () => {
    const me = await w.client.forKey(w.admin.personalKey, { requestId: 'req-me-1' }).getCurrentUser();
    expect(me).toEqual({ id: w.admin.id, email: 'Ada@Example.com', name: 'Ada', lastName: 'Lovelace' });
    const seen = requestsFor(w.emulator, 'getCurrentUserInfo').at(-1);
    expect(seen).toMatchObject({
      method: 'GET',
      path: '/users/me',
      authorization: w.admin.personalKey,
      requestId: 'req-me-1',
      status: 200,
    });
  });

  it("lists the key owner's organizations", async () => {
    const orgs = await w.client.forKey(w.admin.personalKey).listMyOrganizations();
    expect(orgs).toEqual([expect.objectContaining({ id: w.orgId, name: 'Demo Org', managedBy: 'console' })]);
  });

  it('lists members in camelCase and finds one by email whatever the case', async () => {
    const api = w.client.forKey(w.orgKey);
    const members = await api.listMembers(w.orgId);
    expect(members).toHaveLength(2);
    const ada = members.find((m) => m.userId === w.admin.id);
    expect(ada).toMatchObject({ role: 'admin', email: 'Ada@Example.com', deactivatedAt: undefined });
    expect(ada?.memberId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ada?.memberId).not.toBe(ada?.userId);
    expect(await api.findMemberByEmail(w.orgId, 'ADA@example.COM')).toEqual(ada);
    expect(await api.findMemberByEmail(w.orgId, 'nobody@example.com')).toBeUndefined();
  });

  it('reports deactivated accounts', async () => {
    const gone = w.emulator.addUser({ email: 'gone@example.com', deactivatedAt: '2025-01-02T03:04:05Z' });
    w.emulator.addMember(gone.id, 'member');
    const found = await w.client.forKey(w.orgKey).findMemberByEmail(w.orgId, 'gone@example.com');
    expect(found?.deactivatedAt).toBe('2025-01-02T03:04:05Z');
  });

  it("changes a member's role and back", async () => {
    const api = w.client.forKey(w.admin.personalKey);
    const bob = (await api.findMemberByEmail(w.orgId, 'bob@example.com'))!;
    const promoted = await api.updateMemberRole(w.orgId, bob.memberId, 'admin');
    expect(promoted).toMatchObject({ memberId: bob.memberId, userId: w.member.id, orgId: w.orgId, role: 'admin' });
    expect(w.emulator.members().find((m) => m.id === bob.memberId)?.role).toBe('admin');
    await api.updateMemberRole(w.orgId, bob.memberId, 'member');
    expect(w.emulator.members().find((m) => m.id === bob.memberId)?.role).toBe('member');
  });

  it('creates an invitation with exactly one POST and lists it', async () => {
    const api = w.client.forKey(w.admin.personalKey, { requestId: 'req-invite-1' });
    const before = requestsFor(w.emulator, 'createOrganizationInvitations').length;
    const [invitation] = await api.createInvitations(w.orgId, [{ email: 'carol@example.com', role: 'member' }]);
    expect(invitation).toMatchObject({
      email: 'carol@example.com',
      role: 'member',
      orgId: w.orgId,
      invitedBy: w.admin.id,
    });
    const posts = requestsFor(w.emulator, 'createOrganizationInvitations').slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      method: 'POST',
      path: `/organizations/${w.orgId}/invitations`,
      authorization: w.admin.personalKey,
      requestId: 'req-invite-1',
      body: { invitations: [{ email: 'carol@example.com', role: 'member' }] },
    });
    expect(await api.listInvitations(w.orgId)).toContainEqual(invitation);
  });

  it('creates a project key that works only for its project, lists it and revokes it', async () => {
    const shop = w.emulator.addProject({ name: 'Shop' });
    w.emulator.addProject({ name: 'Billing' });
    const api = w.client.forKey(w.admin.personalKey);
    const created = await api.createProjectKey(w.orgId, { keyName: 'req-123 for bob', projectId: shop.id });
    expect(created).toMatchObject({ name: 'req-123 for bob', projectId: shop.id });
    expect(created.key).toMatch(/^napi_[a-z0-9]{64}$/);

    const scoped = await w.client.forKey(created.key).listProjects(w.orgId);
    expect(scoped.projects.map((p) => p.id)).toEqual([shop.id]);

    const listed = (await api.listOrgApiKeys(w.orgId)).find((k) => k.id === created.id);
    expect(listed).toMatchObject({
      name: 'req-123 for bob',
      projectId: shop.id,
      createdBy: { id: w.admin.id, name: 'Ada Lovelace' },
    });

    const revoked = await api.revokeOrgApiKey(w.orgId, created.id);
    expect(revoked).toEqual({ id: created.id, name: 'req-123 for bob', revoked: true, projectId: shop.id });
    expect((await api.listOrgApiKeys(w.orgId)).map((k) => k.id)).not.toContain(created.id);

    const err = await neonError(w.client.forKey(created.key, { requestId: 'req-revoked' }).listProjects(w.orgId));
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false, requestId: 'req-revoked' });
    expect(printable(err)).not.toContain(created.key);
  });

  it('gets one project and lists projects a page at a time', async () => {
    const api = w.client.forKey(w.orgKey);
    const project = w.emulator.addProject({ name: 'Analytics', id: 'analytics-12345678' });
    expect(await api.getProject(project.id)).toMatchObject({
      id: 'analytics-12345678',
      name: 'Analytics',
      orgId: w.orgId,
    });
    const first = await api.listProjects(w.orgId, { limit: 1 });
    expect(first.projects).toHaveLength(1);
    const second = await api.listProjects(w.orgId, { limit: 1, cursor: first.cursor! });
    expect(second.projects).toHaveLength(1);
    expect(second.projects[0]?.id).not.toBe(first.projects[0]?.id);
    expect((await api.listProjects(w.orgId, { search: 'ANALYTICS' })).projects.map((p) => p.id)).toEqual([project.id]);
  });
});

describe('pagination', () => {
  it('collects every member across pages', async () => {
    const p = await startWorld();
    try {
      for (let i = 0; i < 520; i++)
        p.emulator.addMember(p.emulator.addUser({ email: `user${i}@example.com` }).id, 'member');
      const members = await p.client.forKey(p.orgKey).listMembers(p.orgId);
      expect(members).toHaveLength(522);
      expect(new Set(members.map((m) => m.memberId)).size).toBe(522);
      const pages = requestsFor(p.emulator, 'getOrganizationMembers');
      expect(pages.map((r) => r.query.limit)).toEqual(['500', '500']);
      expect(pages[1]?.query.cursor).toBeTruthy();
      expect(p.emulator.contractViolations).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('searches projects across pages and stops on a short or empty page, or at max', async () => {
    const p = await startWorld();
    try {
      for (let i = 0; i < 200; i++) p.emulator.addProject({ name: `svc-${i}` });
      p.emulator.addProject({ name: 'other' });
      const api = p.client.forKey(p.admin.personalKey);

      const all = await api.searchProjects(p.orgId, 'svc', 1000);
      expect(all).toHaveLength(200);
      // 100 + 100 + an empty page: a full last page cannot know it was the last
      expect(requestsFor(p.emulator, 'listProjects').map((r) => r.query.limit)).toEqual(['100', '100', '100']);
      expect(
        requestsFor(p.emulator, 'listProjects').every((r) => r.query.org_id === p.orgId && r.query.search === 'svc'),
      ).toBe(true);

      p.emulator.requests.length = 0;
      expect(await api.searchProjects(p.orgId, 'svc', 120)).toHaveLength(120);
      expect(requestsFor(p.emulator, 'listProjects').map((r) => r.query.limit)).toEqual(['100', '20']);

      p.emulator.requests.length = 0;
      expect(await api.searchProjects(p.orgId, 'svc-19')).toHaveLength(11);
      expect(requestsFor(p.emulator, 'listProjects')).toHaveLength(1);
      expect(p.emulator.contractViolations).toEqual([]);
    } finally {
      await p.close();
    }
  });
});

describe('refusals reach the client as typed errors', () => {
  it('refuses an organization key for invitations (403, forbidden)', async () => {
    const err = await neonError(
      w.client.forKey(w.orgKey).createInvitations(w.orgId, [{ email: 'dave@example.com', role: 'member' }]),
    );
    expect(err).toMatchObject({
      kind: 'forbidden',
      status: 403,
      message: 'not allowed for organization API keys',
      retryable: false,
    });
    expect(w.emulator.invitations().map((i) => i.email)).not.toContain('dave@example.com');
  });

  it("refuses a non-admin's personal key for invitations", async () => {
    const err = await neonError(
      w.client.forKey(w.member.personalKey).createInvitations(w.orgId, [{ email: 'dave@example.com', role: 'member' }]),
    );
    expect(err).toMatchObject({ kind: 'forbidden', status: 403 });
  });

  it('refuses a revoked personal key with 401 and never shows the key', async () => {
    const eve = w.emulator.addUser({ email: 'eve@example.com' });
    w.emulator.addMember(eve.id, 'admin');
    w.emulator.revokeKey(eve.personalKey);
    const err = await neonError(w.client.forKey(eve.personalKey).getCurrentUser());
    expect(err).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      message: 'authentication required',
      operation: 'getCurrentUserInfo',
    });
    expect(printable(err)).not.toContain(eve.personalKey);
  });

  it("refuses to downgrade the organization's only admin", async () => {
    const p = await startWorld();
    try {
      const api = p.client.forKey(p.admin.personalKey);
      const ada = (await api.findMemberByEmail(p.orgId, 'ada@example.com'))!;
      const err = await neonError(api.updateMemberRole(p.orgId, ada.memberId, 'member'));
      expect(err).toMatchObject({ kind: 'client', status: 409, retryable: false });
      expect(err.message).toMatch(/only admin/);
      expect(p.emulator.members().find((m) => m.id === ada.memberId)?.role).toBe('admin');
      expect(p.emulator.contractViolations).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('reports an unknown member as not_found', async () => {
    const err = await neonError(
      w.client.forKey(w.orgKey).updateMemberRole(w.orgId, '00000000-0000-4000-8000-000000000000', 'admin'),
    );
    expect(err).toMatchObject({ kind: 'not_found', status: 404 });
  });
});
