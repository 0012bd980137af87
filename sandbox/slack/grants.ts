/** Short-lived grants Slack hands to an app with an interaction: trigger_ids and response_urls. */
import { randomBytes } from 'node:crypto';
import { fail } from './slack-error.ts';
import type { ResponseOrigin } from './types.ts';

const TRIGGER_TTL_MS = 3_000;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_MAX_USES = 5;

interface Trigger {
  userId: string;
  issuedAt: number;
  used: boolean;
}

interface ResponseUrl {
  origin: ResponseOrigin;
  issuedAt: number;
  uses: number;
}

export class Grants {
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseUrls = new Map<string, ResponseUrl>();
  private sequence = 0;

  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Shaped like Slack's `<number>.<number>.<hex>`. */
  newTrigger(userId: string): string {
    this.sequence += 1;
    const id = `${this.sequence}.${1_700_000_000_000 + this.sequence}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { userId, issuedAt: this.now(), used: false });
    return id;
  }

  /** Uses up a trigger (they work once, for 3 s) and returns the user it was issued for. */
  exchangeTrigger(id: unknown): string {
    const trigger = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!trigger) fail('invalid_trigger_id');
    if (trigger.used) fail('exchanged_trigger_id');
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) fail('expired_trigger_id');
    trigger.used = true;
    return trigger.userId;
  }

  newResponseUrlId(origin: ResponseOrigin): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrls.set(id, { origin, issuedAt: this.now(), uses: 0 });
    return id;
  }

  /** Counts one use (5 within 30 minutes, as Slack documents); failures carry the 404 reason. */
  useResponseUrl(id: string): ResponseOrigin {
    const url = this.responseUrls.get(id);
    if (!url) fail('no_such_url');
    url.uses += 1;
    if (url.uses > RESPONSE_URL_MAX_USES) fail('used_up');
    if (this.now() - url.issuedAt > RESPONSE_URL_TTL_MS) fail('expired_url');
    return url.origin;
  }
}
