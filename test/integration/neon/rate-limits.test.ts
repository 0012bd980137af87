import { describe, expect, it } from 'vitest';
import { createNeonClient } from '../../../src/neon/client.ts';
import { requestsFor, useWorld } from './world.ts';

// The emulator enforces Neon's limits: 700 a minute per account, 40 a second per route, 10 a second to create keys.
const w = useWorld({ rateLimits: true });

describe("the client keeps under Neon's rate limits", () => {
  it('20 project keys asked at once: all created, none answered 429', async () => {
    const project = w.emulator.addProject({ name: 'Burst' });
    const api = w.client.forKey(w.admin.personalKey);
    const keys = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.createProjectKey(w.orgId, { keyName: `burst-${i}`, projectId: project.id }),
      ),
    );
    expect(new Set(keys.map((k) => k.id)).size).toBe(20);
    expect(requestsFor(w.emulator, 'createOrgApiKey').map((r) => r.status)).toEqual(Array(20).fill(200));
  });

  it("a 429's Retry-After holds back the account's other calls too", async () => {
    let refused!: () => void;
    const refusal = new Promise<void>((resolve) => (refused = resolve));
    const client = createNeonClient({
      baseUrl: w.emulator.url,
      onAttempt: (e) => e.status === 429 && refused(),
    });
    try {
      w.emulator.failNext('getOrganizationInvitations', { status: 429, retryAfter: 1 });
      const api = client.forKey(w.member.personalKey);
      const first = api.listInvitations(w.orgId);
      await refusal;
      const refusedAt = Date.parse(requestsFor(w.emulator, 'getOrganizationInvitations')[0]!.at);
      await Promise.all([first, api.getCurrentUser()]);
      const other = requestsFor(w.emulator, 'getCurrentUserInfo').at(-1)!;
      expect(Date.parse(other.at) - refusedAt).toBeGreaterThanOrEqual(900);
    } finally {
      await client.close();
    }
  });
});

describe('shared reads, for the checks at ask time', () => {
  it('one GET serves every caller in flight and for the TTL after; the look before a write is never shared', async () => {
    const client = createNeonClient({ baseUrl: w.emulator.url, retryBaseMs: 5, sharedReadTtlMs: 60_000 });
    try {
      const before = requestsFor(w.emulator, 'getOrganizationMembers').length;
      const shared = client.shared(w.orgKey);
      const lists = await Promise.all(Array.from({ length: 20 }, () => shared.listMembers(w.orgId)));
      expect(lists.every((l) => l.length === 2)).toBe(true);
      await shared.listMembers(w.orgId); // within the TTL
      expect(requestsFor(w.emulator, 'getOrganizationMembers')).toHaveLength(before + 1);
      await client.forKey(w.orgKey).listMembers(w.orgId);
      expect(requestsFor(w.emulator, 'getOrganizationMembers')).toHaveLength(before + 2);
    } finally {
      await client.close();
    }
  });

  it('a failed read is not kept: the next caller reads again', async () => {
    const client = createNeonClient({ baseUrl: w.emulator.url, retryBaseMs: 5, maxRetries: 0 });
    try {
      w.emulator.failNext('getOrganizationInvitations', { status: 500 });
      const shared = client.shared(w.orgKey);
      await expect(shared.listInvitations(w.orgId)).rejects.toThrow();
      await expect(shared.listInvitations(w.orgId)).resolves.toEqual([]);
    } finally {
      await client.close();
    }
  });
});
