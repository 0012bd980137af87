/** Everything that reached the fake: parsed calls, Block Kit violations, and the raw bytes. */
import { SlackApiError } from './slack-error.ts';
import type { Json, RecordedCall, Violation } from './types.ts';

export interface WaitOptions {
  timeoutMs?: number;
}

const POLL_MS = 10;

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, out);
  }
}

export class Recorder {
  readonly calls: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  /**
   * Per request: the raw text (headers and body) plus every decoded string value, so a secret is
   * found whether it arrived percent-encoded, JSON-escaped or nested in a JSON-string field.
   */
  private readonly traffic: string[] = [];

  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  record(method: string, args: Json, token: string | undefined, raw: string): RecordedCall {
    const call: RecordedCall = { method, args, token, at: this.now() };
    this.calls.push(call);
    const decoded: string[] = [];
    collectStrings(args, decoded);
    this.traffic.push([raw, ...decoded].join('\n'));
    return call;
  }

  /** Runs Slack-side logic; a refusal becomes its error code, and its Block Kit problems become violations. */
  attempt<T>(method: string, run: () => T): { ok: true; value: T } | { ok: false; error: string } {
    try {
      return { ok: true, value: run() };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      for (const problem of error.problems) this.violations.push({ method, problem });
      return { ok: false, error: error.code };
    }
  }

  containsText(text: string): boolean {
    return this.traffic.some((entry) => entry.includes(text));
  }

  list(method?: string): RecordedCall[] {
    return method === undefined ? [...this.calls] : this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first matching call (already recorded or still to come), polling until the deadline. */
  async waitFor(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    { timeoutMs = 2_000 }: WaitOptions = {},
  ): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find((c) => c.method === method && predicate(c));
      if (found) return found;
      if (Date.now() >= deadline) {
        const seen = this.calls.map((c) => c.method).join(', ') || 'none';
        throw new Error(`fake Slack: no matching ${method} call within ${timeoutMs} ms (calls seen: ${seen})`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
