/** One of Neon's documented limits: at most `count` calls in any `windowMs`. */
interface Limit {
  count: number;
  windowMs: number;
}

/** Neon: about 700 requests a minute per account, 40 a second per route, 10 a second to create keys. */
const PER_ACCOUNT: Limit = { count: 700, windowMs: 60_000 };
const PER_ROUTE: Limit = { count: 40, windowMs: 1_000 };
const KEY_CREATION: Limit = { count: 10, windowMs: 1_000 };

/**
 * Neon's rate limits, opt-in (`rateLimits: true`): a call over one is answered 429 with
 * Retry-After, and not counted. The account is the bearer token, the route the operation.
 */
export class RateLimits {
  private readonly arrivals = new Map<string, number[]>();

  /** Seconds until the call would fit, or undefined when it fits (it is then counted). */
  admit(token: string, operationId: string, now = Date.now()): number | undefined {
    const windows: [string, Limit][] = [
      [`account ${token}`, PER_ACCOUNT],
      [`route ${operationId} ${token}`, PER_ROUTE],
    ];
    if (operationId === 'createOrgApiKey') windows.push([`keys ${token}`, KEY_CREATION]);
    let waitMs = 0;
    for (const [id, limit] of windows) {
      const recent = (this.arrivals.get(id) ?? []).filter((t) => t > now - limit.windowMs);
      this.arrivals.set(id, recent);
      if (recent.length >= limit.count) waitMs = Math.max(waitMs, recent[0]! + limit.windowMs - now);
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    for (const [id] of windows) this.arrivals.get(id)!.push(now);
    return undefined;
  }
}
