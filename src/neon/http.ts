import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { z } from 'zod';
import { isRetryable, kindForStatus, NeonError, redact } from './errors.ts';
import { createRateLimiter, type NeonLimits } from './rate-limit.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface TransportOptions {
  baseUrl: string;
  /** per attempt of a GET, which is simply retried */
  timeoutMs: number;
  /** per attempt of a mutation: longer than Neon can take, since one that times out is never repeated */
  writeTimeoutMs: number;
  /** retries after the first attempt */
  maxRetries: number;
  retryBaseMs: number;
  userAgent: string;
  /** every attempt waits its turn under these */
  limits: NeonLimits;
  /** one call per attempt, for metrics; status 0 when no answer came */
  onAttempt?: (event: AttemptEvent) => void;
}

export interface AttemptEvent {
  operation: string;
  method: HttpMethod;
  status: number;
  durationMs: number;
  attempt: number;
}

export interface HttpCall {
  /** Neon's operationId, used in errors and metrics (paths carry ids) */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  apiKey: string;
  requestId?: string | undefined;
}

export interface Transport {
  /** the parsed JSON of a 2xx answer; anything else is thrown as a NeonError */
  send(call: HttpCall): Promise<unknown>;
  close(): Promise<void>;
}

const BACKOFF_CAP_MS = 8_000;
const RETRY_AFTER_CAP_MS = 30_000;

const errorBody = z.object({
  code: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  request_id: z.string().optional().catch(undefined),
});

type Attempt = { ok: true; status: number; body: unknown } | { ok: false; error: NeonError; retryAfterMs?: number };

export function createTransport(opts: TransportOptions): Transport {
  // One keep-alive pool per origin, shared by every key. HTTP/1.1 only: undici 8 would otherwise
  // speak HTTP/2 when Neon offers it (ALPN), one connection for every call, so one dropped
  // connection would fail them all at once; the fault handling here is built and tested on 1.1.
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16, allowH2: false });
  const base = opts.baseUrl.replace(/\/+$/, '');
  const limiter = createRateLimiter(opts.limits);

  async function attemptOnce(call: HttpCall): Promise<Attempt> {
    const fail = (init: {
      kind: NeonError['kind'];
      status: number;
      message: string;
      code?: string;
      requestId?: string | undefined;
    }): NeonError =>
      new NeonError({
        ...init,
        message: redact(init.message, call.apiKey),
        requestId: init.requestId ?? call.requestId,
        retryable: isRetryable(call.method, init.kind, init.status),
        operation: call.operation,
      });
    const timeoutMs = call.method === 'GET' ? opts.timeoutMs : opts.writeTimeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      const res = await request(urlFor(base, call), {
        dispatcher: agent,
        method: call.method,
        headers: headersFor(call, opts.userAgent),
        body: call.body === undefined ? null : JSON.stringify(call.body),
        signal: deadline.signal,
      });
      const text = await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) {
        try {
          return { ok: true, status: res.statusCode, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
        } catch {
          return {
            ok: false,
            error: fail({
              kind: 'invalid_response',
              status: res.statusCode,
              message: 'Neon answered with a body that is not JSON',
            }),
          };
        }
      }
      const parsed = errorBody.safeParse(safeJson(text));
      const details = parsed.success ? parsed.data : {};
      const error = fail({
        kind: kindForStatus(res.statusCode),
        status: res.statusCode,
        message: details.message || `Neon answered HTTP ${res.statusCode}`,
        ...(details.code === undefined ? {} : { code: details.code }),
        requestId: details.request_id,
      });
      const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
      return retryAfterMs === undefined ? { ok: false, error } : { ok: false, error, retryAfterMs };
    } catch (err) {
      if (deadline.signal.aborted) {
        return {
          ok: false,
          error: fail({ kind: 'timeout', status: 0, message: `Neon did not answer within ${timeoutMs} ms` }),
        };
      }
      const reason = (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
      return { ok: false, error: fail({ kind: 'network', status: 0, message: `could not reach Neon (${reason})` }) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async send(call) {
      for (let attempt = 0; ; attempt++) {
        await limiter.take(call.apiKey, call.operation);
        const started = performance.now();
        const outcome = await attemptOnce(call);
        opts.onAttempt?.({
          operation: call.operation,
          method: call.method,
          status: outcome.ok ? outcome.status : outcome.error.status,
          durationMs: performance.now() - started,
          attempt,
        });
        if (outcome.ok) return outcome.body;
        // Neon's Retry-After holds back every call of this account, not only this one's retry.
        if (outcome.error.kind === 'rate_limited' && outcome.retryAfterMs !== undefined)
          limiter.pause(call.apiKey, outcome.retryAfterMs);
        if (!outcome.error.retryable || attempt >= opts.maxRetries) throw outcome.error;
        await sleep(outcome.retryAfterMs ?? backoffMs(opts.retryBaseMs, attempt));
      }
    },
    close: () => agent.close(),
  };
}

function urlFor(base: string, call: HttpCall): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) params.set(name, String(value));
  }
  const query = params.toString();
  return `${base}${call.path}${query ? `?${query}` : ''}`;
}

function headersFor(call: HttpCall, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${call.apiKey}`,
    accept: 'application/json',
    'user-agent': userAgent,
  };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.requestId) headers['x-request-id'] = call.requestId;
  return headers;
}

/** Capped exponential backoff with jitter in [half, full] so clients that failed together spread out. */
function backoffMs(baseMs: number, attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, baseMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Neon does not document Retry-After; honour seconds or an HTTP date when present. */
function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
