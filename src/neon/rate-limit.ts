import { setTimeout as sleep } from 'node:timers/promises';

/** At most `count` per `windowMs` on average, `burst` at once. */
export interface Rate {
  count: number;
  windowMs: number;
  burst: number;
}

export interface NeonLimits {
  perAccount: Rate;
  perRoute: Rate;
  keyCreation: Rate;
}

/**
 * Under Neon's documented limits (about 700 requests a minute per account, 40 a second per route,
 * 10 a second for key creation), with a margin: the most any window can hold is `burst` plus the
 * window's share of `count` (675 a minute, 30 and 6 a second), and calls released on time may still
 * reach Neon bunched together.
 */
export const NEON_LIMITS: NeonLimits = {
  perAccount: { count: 650, windowMs: 60_000, burst: 25 },
  perRoute: { count: 25, windowMs: 1_000, burst: 5 },
  keyCreation: { count: 5, windowMs: 1_000, burst: 1 },
};

const KEY_CREATION = 'createOrgApiKey';

/** A generic cell rate (GCRA) bucket: `tat` is when it would be empty again. */
interface Bucket {
  intervalMs: number;
  toleranceMs: number;
  tat: number;
}

export interface RateLimiter {
  /** Reserves the call's place under every limit it counts against; resolves when it may go. */
  take(account: string, route: string): Promise<void>;
  /** Neon answered 429: nothing more for this account until `ms` from now (its Retry-After). */
  pause(account: string, ms: number): void;
}

/**
 * Calls wait their turn in the order they ask, so a burst is spread out instead of meeting 429s.
 * `account` is the API key (an account's keys each count here: a key is what the bot can tell apart).
 */
export function createRateLimiter(limits: NeonLimits): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const pausedUntil = new Map<string, number>();

  function bucket(id: string, rate: Rate, now: number): Bucket {
    let found = buckets.get(id);
    if (!found) {
      const intervalMs = rate.windowMs / rate.count;
      found = { intervalMs, toleranceMs: intervalMs * (rate.burst - 1), tat: now };
      buckets.set(id, found);
    }
    return found;
  }

  return {
    async take(account, route) {
      const now = Date.now();
      const counted = [
        bucket(`account ${account}`, limits.perAccount, now),
        bucket(`route ${route} ${account}`, limits.perRoute, now),
        ...(route === KEY_CREATION ? [bucket(`keys ${account}`, limits.keyCreation, now)] : []),
      ];
      const at = Math.max(now, pausedUntil.get(account) ?? 0, ...counted.map((b) => b.tat - b.toleranceMs));
      for (const b of counted) b.tat = Math.max(b.tat, at) + b.intervalMs;
      if (at > now) await sleep(at - now);
    },
    pause(account, ms) {
      pausedUntil.set(account, Math.max(pausedUntil.get(account) ?? 0, Date.now() + ms));
    },
  };
}
