import { afterEach, describe, expect, it } from 'vitest';
import { makeDue } from '../../sandbox/job-clock.ts';
import type { Fault } from '../../sandbox/neon/index.ts';
import { keyNameFor } from '../../src/domain/issued-key.ts';
import { eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';

// The harness runs Neon's clock at 1/20 (sandbox/stage.ts): the bot waits 6 s for a write (120 s
// in production) and a write whose answer was lost may land for 6.5 s after it was sent (130 s).
const SCALE = 20;
const seconds = (s: number) => (s * 1000) / SCALE;

const h = useHarness();
const talk = conversation(h);
let n = 0;

afterEach(() => h.neon.reset());

/** Neon's answer after 5, 15, 30 and 60 s; after 126 s (past the write timeout); lost, done at once or 100 s later. */
const FAULTS: [string, Fault][] = [
  ['answering after 5 s', { delayMs: seconds(5) }],
  ['answering after 15 s', { delayMs: seconds(15) }],
  ['answering after 30 s', { delayMs: seconds(30) }],
  ['answering after 60 s', { delayMs: seconds(60) }],
  ['answering after 126 s, past the wait', { delayMs: seconds(126) }],
  ['losing the answer', { lost: true }],
  ['losing the answer, landing 100 s later', { lost: true, landsAfterMs: seconds(100) }],
];

const WAIT_DONE = 30_000;

async function approved(userId: string, ask: string): Promise<string> {
  const id = requestIdIn(await talk.ask(userId, ask));
  await talk.approve(PEOPLE.admin.id, await talk.card(id));
  return id;
}

/** Every create Neon ever receives for this request's key or this email, answered or not. */
const creates = (operationId: string, needle: string) =>
  h.neon.requests.filter((r) => r.operationId === operationId && JSON.stringify(r.body).includes(needle));

/** Neon carries out whatever it received: wait until no create is still on its way. */
const settled = () => eventually(() => h.neon.requests.every((r) => r.status !== null || r.fault === 'drop'), 15_000);

describe('exactly once, whatever Neon takes to answer', () => {
  it.each(FAULTS)(
    'an invitation with Neon %s: one POST, one invitation',
    async (_what, fault) => {
      const { user } = newPerson(h, `UONCEI${++n}`, `once-invite-${n}`);
      h.neon.failNext('createOrganizationInvitations', fault);
      const id = await approved(user.id, 'invite member');

      const row = await talk.status(id, 'done', WAIT_DONE);
      await settled();
      expect(creates('createOrganizationInvitations', user.email!)).toHaveLength(1);
      expect(h.neon.invitations().filter((i) => i.email === user.email)).toHaveLength(1);
      expect(row.result).toMatchObject({ outcome: 'invited' });
    },
    60_000,
  );

  it.each(FAULTS)(
    'a project key with Neon %s: one live key, the one delivered',
    async (_what, fault) => {
      const { user } = newPerson(h, `UONCEK${++n}`, `once-key-${n}`);
      h.neon.failNext('createOrgApiKey', fault);
      const id = await approved(user.id, 'key shop for 1h');

      const row = await talk.status(id, 'done', WAIT_DONE);
      await settled();
      const live = h.neon.apiKeys().filter((k) => k.name === keyNameFor(id) && !k.revoked);
      expect(live).toHaveLength(1);
      expect(row.result).toMatchObject({ keyId: live[0]!.id });
    },
    60_000,
  );
});

describe("a key grant's end", () => {
  it('revokes every live key named after the request, not only the recorded one', async () => {
    const { user } = newPerson(h, `UONCEE${++n}`, `once-end-${n}`);
    const id = await approved(user.id, 'key shop for 1h');
    await talk.status(id, 'done', WAIT_DONE);
    // One a lost answer left behind, found by no look since (e.g. it landed after the last one).
    const shop = h.neon.projects().find((p) => p.name === 'shop')!;
    h.neon.addOrgApiKey({ name: keyNameFor(id), projectId: shop.id });
    expect(h.neon.apiKeys().filter((k) => k.name === keyNameFor(id) && !k.revoked)).toHaveLength(2);

    await makeDue(h.db.pool, 'end-grant', id);
    await talk.status(id, 'revoked', 15_000);
    expect(h.neon.apiKeys().filter((k) => k.name === keyNameFor(id) && !k.revoked)).toEqual([]);
  });
});
