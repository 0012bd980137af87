/** The bot's Directory against the fake Slack: looking people up by email, politely. */
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from '../../../sandbox/slack/index.ts';
import { type Clock, Directory } from '../../../src/slack/directory.ts';
import { useScoped } from '../../support/scoped.ts';
import { clientOn } from '../../support/slack-client.ts';

const TOKEN = 'xoxb-directory-test';

const fake = useScoped(
  () =>
    startFakeSlack({
      botToken: TOKEN,
      users: [
        { id: 'U0ALICE001', name: 'alice', realName: 'Alice A', email: 'Alice@Example.com' },
        { id: 'U0GONE0001', name: 'gone', email: 'gone@example.com', deleted: true },
      ],
    }),
  (started) => started.close(),
);

/** A clock that only moves when told, and records every wait instead of waiting. */
function manualClock(): Clock & { waits: number[] } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}

const lookups = () => fake.calls('users.lookupByEmail').length;

describe('Directory.byEmail', () => {
  it('finds a member case-insensitively, a deactivated one as deactivated, and nobody for an unknown email', async () => {
    const directory = new Directory(clientOn(fake, TOKEN), manualClock());
    expect(await directory.byEmail('alice@EXAMPLE.com')).toMatchObject({
      id: 'U0ALICE001',
      eligible: true,
      deactivated: false,
    });
    expect(await directory.byEmail('gone@example.com')).toMatchObject({
      id: 'U0GONE0001',
      eligible: false,
      deactivated: true,
    });
    expect(await directory.byEmail('nobody@example.com')).toBeUndefined();
  });

  it('answers again from its cache for an hour, then asks Slack again', async () => {
    const clock = manualClock();
    const directory = new Directory(clientOn(fake, TOKEN), clock);
    const before = lookups();
    await directory.byEmail('alice@example.com');
    await clock.sleep(30_000);
    await directory.byEmail('nobody@example.com');
    await directory.byEmail('ALICE@example.com');
    await directory.byEmail('nobody@example.com');
    expect(lookups() - before).toBe(2);
    await clock.sleep(60 * 60_000);
    await directory.byEmail('alice@example.com');
    expect(lookups() - before).toBe(3);
  });

  it('keeps to Tier 3: a burst of 20, then one look-up every 1.2 s', async () => {
    const clock = manualClock();
    const directory = new Directory(clientOn(fake, TOKEN), clock);
    for (let i = 0; i < 23; i += 1) await directory.byEmail(`person${i}@example.com`);
    expect(clock.waits.map((ms) => Math.round(ms))).toEqual([1_200, 1_200, 1_200]);
  });
});

describe('Directory.deactivatedEmails', () => {
  it('pages through users.list, following next_cursor: every deactivated email, in ceil(users / 1000) calls', async () => {
    for (let i = 0; i < 2_400; i += 1) {
      const id = `U0MANY${String(i).padStart(4, '0')}`;
      fake.addUser({ id, email: `Many${i}@example.com`, deleted: i % 500 === 7 });
    }
    const before = fake.calls('users.list').length;
    const found = await new Directory(clientOn(fake, TOKEN), manualClock()).deactivatedEmails();
    expect([...found].sort()).toEqual(
      ['gone@example.com', ...[7, 507, 1007, 1507, 2007].map((i) => `many${i}@example.com`)].sort(),
    );
    const calls = fake.calls('users.list').slice(before);
    expect(calls).toHaveLength(3); // 2,402 users
    expect(calls.map((c) => [c.args.limit, Boolean(c.args.cursor)])).toEqual([
      ['1000', false],
      ['1000', true],
      ['1000', true],
    ]);
  });
});
