import type { WebClient } from '@slack/web-api';
import type { People, Person } from '../app/ports.ts';
import { normaliseEmail } from '../domain/email.ts';

/** The fields of Slack's user object we read (users.info, users.lookupByEmail and users.list answer the same object). */
interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  profile?: { real_name?: string; email?: string };
}

/** users.lookupByEmail is Tier 3 (about 50 a minute): a burst of this many, then one per interval. */
const LOOKUP_BURST = 20;
const LOOKUP_INTERVAL_MS = 1_200;
/** An answer by email is reused this long: runs close together do not ask Slack again. */
const LOOKUP_TTL_MS = 60 * 60_000;

/** users.list's page size: Slack takes up to 1000 and may answer fewer; a page is Tier 2 (about 20 a minute). */
const USERS_PAGE = 1000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** People as Slack knows them; emails come from here, never from typed text. */
export class Directory implements People {
  private readonly byEmailAnswers = new Map<string, { person: Person | undefined; at: number }>();
  private tokens = LOOKUP_BURST;
  private refilledAt: number;

  private readonly client: WebClient;
  private readonly clock: Clock;

  constructor(client: WebClient, clock: Clock = realClock) {
    this.client = client;
    this.clock = clock;
    this.refilledAt = clock.now();
  }

  async person(userId: string): Promise<Person | undefined> {
    const res = await this.client.users.info({ user: userId }).catch((err: { data?: { error?: string } }) => {
      if (err.data?.error === 'user_not_found') return undefined;
      throw err;
    });
    return res?.user ? toPerson(res.user) : undefined;
  }

  /**
   * The workspace member with this email, deactivated ones included; undefined when Slack knows
   * none. Paced and cached (see the constants); any other Slack error is thrown.
   */
  async byEmail(email: string): Promise<Person | undefined> {
    const key = email.trim().toLowerCase();
    const known = this.byEmailAnswers.get(key);
    if (known && this.clock.now() - known.at < LOOKUP_TTL_MS) return known.person;
    await this.pace();
    const res = await this.client.users.lookupByEmail({ email: key }).catch((err: { data?: { error?: string } }) => {
      if (err.data?.error === 'users_not_found') return undefined;
      throw err;
    });
    const person = res?.user ? toPerson(res.user) : undefined;
    this.byEmailAnswers.set(key, { person, at: this.clock.now() });
    return person;
  }

  /**
   * The profile emails (normalised) of every deactivated account in the workspace, from users.list
   * a page of USERS_PAGE at a time: a few calls for thousands of people, where one look-up per
   * email would take Slack's Tier 3 pace over an hour. The client follows next_cursor and waits out
   * 429s; any other Slack error is thrown.
   */
  async deactivatedEmails(): Promise<Set<string>> {
    const emails = new Set<string>();
    for await (const page of this.client.paginate('users.list', { limit: USERS_PAGE })) {
      for (const u of (page as { members?: SlackUser[] }).members ?? []) {
        const person = toPerson(u);
        if (person?.deactivated && person.email) emails.add(normaliseEmail(person.email));
      }
    }
    return emails;
  }

  /** A token bucket: a call takes its token at once (it may go below zero) and waits for it to be earned. */
  private async pace(): Promise<void> {
    const now = this.clock.now();
    this.tokens = Math.min(LOOKUP_BURST, this.tokens + (now - this.refilledAt) / LOOKUP_INTERVAL_MS) - 1;
    this.refilledAt = now;
    if (this.tokens < 0) await this.clock.sleep(-this.tokens * LOOKUP_INTERVAL_MS);
  }
}

function toPerson(u: SlackUser): Person | undefined {
  if (!u.id) return undefined;
  return {
    id: u.id,
    name: u.profile?.real_name || u.real_name || u.name || u.id,
    email: u.profile?.email || undefined,
    eligible: !u.deleted && !u.is_bot && !u.is_restricted && !u.is_ultra_restricted,
    deactivated: u.deleted === true,
  };
}
