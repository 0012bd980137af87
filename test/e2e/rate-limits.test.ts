import { describe, expect, it } from 'vitest';
import { eventually, useHarness } from '../support/bot-harness.ts';
import { newPerson } from '../support/conversation.ts';

// Neon as it is under load: over ~700 requests a minute per account or 40 a second per route, 429;
// and the bot as in production, sharing one read among the asks of 2 s.
const h = useHarness({ emulator: { rateLimits: true }, neonClientOptions: { sharedReadTtlMs: 2_000 } });

const ASKS = 400;

describe("Neon's rate limits", () => {
  it(`a burst of ${ASKS} asks meets no 429, and every ask becomes a request`, async () => {
    const people = Array.from({ length: ASKS }, (_, i) => newPerson(h, `UBURST${i}`, `burst${i}`).user);
    const answers = await Promise.all(people.map((p) => h.driver.command(p.id, 'invite member')));
    expect(answers.every((a) => a.status === 200)).toBe(true);

    await eventually(
      async () => {
        const { rows } = await h.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM requests WHERE requester_id LIKE 'UBURST%' AND status = 'pending'`,
        );
        return rows[0]!.n === ASKS;
      },
      60_000,
      `${ASKS} pending requests`,
    );
    expect(h.neon.requests.filter((r) => r.status === 429)).toEqual([]);
    // One member list read answers many asks.
    const memberReads = h.neon.requests.filter((r) => r.operationId === 'getOrganizationMembers');
    expect(memberReads.length).toBeGreaterThan(0);
    expect(memberReads.length).toBeLessThanOrEqual(ASKS / 5);
  }, 90_000);
});
