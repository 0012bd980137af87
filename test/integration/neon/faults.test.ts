import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AttemptEvent, createNeonClient } from '../../../src/neon/client.ts';
import { neonError, printable, requestsFor, startWorld, useWorld, waitFor } from './world.ts';

const w = useWorld();

beforeEach(() => {
  w.emulator.reset();
  w.emulator.requests.length = 0;
});

const invite = (email: string) => [{ email, role: 'member' as const }];

describe('retries of reads', () => {
  it('rides out a 503, then a 429 with Retry-After: 1, and succeeds', async () => {
    const attempts: AttemptEvent[] = [];
    const client = createNeonClient({ baseUrl: w.emulator.url, retryBaseMs: 5, onAttempt: (e) => attempts.push(e) });
    try {
      w.emulator.failNext('getOrganizationInvitations', { status: 503 });
      w.emulator.failNext('getOrganizationInvitations', { status: 429, retryAfter: 1 });
      const started = Date.now();
      await expect(client.forKey(w.orgKey).listInvitations(w.orgId)).resolves.toBeInstanceOf(Array);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      const calls = requestsFor(w.emulator, 'getOrganizationInvitations');
      expect(calls.map((r) => [r.status, r.fault])).toEqual([
        [503, 'status'],
        [429, 'status'],
        [200, undefined],
      ]);
      expect(attempts.map((a) => [a.operation, a.status, a.attempt])).toEqual([
        ['getOrganizationInvitations', 503, 0],
        ['getOrganizationInvitations', 429, 1],
        ['getOrganizationInvitations', 200, 2],
      ]);
    } finally {
      await client.close();
    }
  });

  it('retries a dropped connection on a GET', async () => {
    w.emulator.failNext({ method: 'GET', path: `/organizations/${w.orgId}/members` }, { drop: true });
    expect(await w.client.forKey(w.orgKey).listMembers(w.orgId)).toHaveLength(2);
    expect(requestsFor(w.emulator, 'getOrganizationMembers').map((r) => r.status)).toEqual([null, 200]);
  });

  it('gives up after maxRetries and says the call may be retried later', async () => {
    w.emulator.failNext('listOrgApiKeys', { status: 500 }, 10);
    const err = await neonError(w.client.forKey(w.orgKey).listOrgApiKeys(w.orgId));
    expect(err).toMatchObject({ kind: 'server', status: 500, retryable: true });
    expect(requestsFor(w.emulator, 'listOrgApiKeys')).toHaveLength(4);
  });

  it('times out a slow answer', async () => {
    const client = createNeonClient({ baseUrl: w.emulator.url, timeoutMs: 100, maxRetries: 1, retryBaseMs: 5 });
    try {
      w.emulator.failNext('getCurrentUserInfo', { delayMs: 2_000 }, 2);
      const err = await neonError(client.forKey(w.admin.personalKey).getCurrentUser());
      expect(err).toMatchObject({ kind: 'timeout', status: 0, retryable: true });
      expect(requestsFor(w.emulator, 'getCurrentUserInfo').map((r) => r.fault)).toEqual(['delay', 'delay']);
    } finally {
      await client.close();
    }
  });
});

describe('retries of mutations', () => {
  it('retries a POST after 503 and creates exactly one invitation', async () => {
    w.emulator.failNext('createOrganizationInvitations', { status: 503 });
    await w.client.forKey(w.admin.personalKey).createInvitations(w.orgId, invite('frank@example.com'));
    expect(w.emulator.invitations().filter((i) => i.email === 'frank@example.com')).toHaveLength(1);
    expect(requestsFor(w.emulator, 'createOrganizationInvitations').map((r) => r.status)).toEqual([503, 200]);
  });

  it('retries a POST after 429', async () => {
    const project = w.emulator.addProject({ name: 'Rate Limited' });
    w.emulator.failNext('createOrgApiKey', { status: 429 });
    const key = await w.client
      .forKey(w.admin.personalKey)
      .createProjectKey(w.orgId, { keyName: 'k-429', projectId: project.id });
    expect(w.emulator.apiKeys().filter((k) => k.name === 'k-429')).toEqual([expect.objectContaining({ id: key.id })]);
    expect(requestsFor(w.emulator, 'createOrgApiKey').map((r) => r.status)).toEqual([429, 200]);
  });

  it('does not retry a POST after a 500', async () => {
    w.emulator.failNext('createOrganizationInvitations', { status: 500 });
    const err = await neonError(
      w.client.forKey(w.admin.personalKey).createInvitations(w.orgId, invite('gina@example.com')),
    );
    expect(err).toMatchObject({ kind: 'server', status: 500, retryable: false });
    expect(requestsFor(w.emulator, 'createOrganizationInvitations')).toHaveLength(1);
  });

  it('does not retry a POST whose connection was dropped', async () => {
    w.emulator.failNext({ method: 'POST', path: `/organizations/${w.orgId}/invitations` }, { drop: true });
    const err = await neonError(
      w.client
        .forKey(w.admin.personalKey, { requestId: 'req-drop' })
        .createInvitations(w.orgId, invite('hank@example.com')),
    );
    expect(err).toMatchObject({ kind: 'network', status: 0, retryable: false, requestId: 'req-drop' });
    expect(printable(err)).not.toContain(w.admin.personalKey);
    const posts = requestsFor(w.emulator, 'createOrganizationInvitations');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ fault: 'drop', status: null, authorization: w.admin.personalKey });
  });

  it('waits for a write longer than for a read: a slow POST is answered, not abandoned', async () => {
    const client = createNeonClient({ baseUrl: w.emulator.url, timeoutMs: 100, writeTimeoutMs: 5_000, retryBaseMs: 5 });
    try {
      w.emulator.failNext('createOrganizationInvitations', { delayMs: 300 });
      await client.forKey(w.admin.personalKey).createInvitations(w.orgId, invite('jack@example.com'));
      expect(requestsFor(w.emulator, 'createOrganizationInvitations').map((r) => r.status)).toEqual([200]);
    } finally {
      await client.close();
    }
  });

  it('does not retry a POST that timed out, which Neon may still carry out', async () => {
    const client = createNeonClient({ baseUrl: w.emulator.url, timeoutMs: 5_000, writeTimeoutMs: 100, retryBaseMs: 5 });
    try {
      w.emulator.failNext('createOrganizationInvitations', { delayMs: 300 });
      const err = await neonError(
        client.forKey(w.admin.personalKey).createInvitations(w.orgId, invite('ivy@example.com')),
      );
      expect(err).toMatchObject({ kind: 'timeout', status: 0, retryable: false });
      expect(requestsFor(w.emulator, 'createOrganizationInvitations')).toHaveLength(1);
      // the slow answer still did the work: the bot has to look before it invites again
      await waitFor(() => w.emulator.invitations().some((i) => i.email === 'ivy@example.com'));
    } finally {
      await client.close();
    }
  });
});

describe('broken answers and no answer at all', () => {
  it('reports a body that breaks the contract as invalid_response, without retrying', async () => {
    let hits = 0;
    const odd = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ members: 'none' }));
    });
    odd.listen(0, '127.0.0.1');
    await once(odd, 'listening');
    const client = createNeonClient({
      baseUrl: `http://127.0.0.1:${(odd.address() as AddressInfo).port}/api/v2`,
      retryBaseMs: 5,
    });
    try {
      const err = await neonError(client.forKey(w.orgKey).listMembers(w.orgId));
      expect(err).toMatchObject({ kind: 'invalid_response', retryable: false, operation: 'getOrganizationMembers' });
      expect(err.message).toMatch(/members/);
      expect(hits).toBe(1);
    } finally {
      await client.close();
      odd.close();
    }
  });

  it('reports an unreachable Neon as a network error without the key', async () => {
    const closed = await startWorld();
    const url = closed.emulator.url;
    await closed.close();
    const client = createNeonClient({ baseUrl: url, maxRetries: 1, retryBaseMs: 5 });
    try {
      const err = await neonError(client.forKey(closed.admin.personalKey).getCurrentUser());
      expect(err).toMatchObject({ kind: 'network', status: 0, retryable: true });
      expect(printable(err)).not.toContain(closed.admin.personalKey);
    } finally {
      await client.close();
    }
  });
});
