/** Injected failures, queued per method and consumed one per call. */
import { STATUS_CODES } from 'node:http';
import { jsonReply, type Reply, textReply } from './server.ts';
import type { Fault } from './types.ts';

export class FaultQueue {
  private readonly queued = new Map<string, Fault[]>();

  add(method: string, fault: Fault, times: number): void {
    const queue = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.queued.set(method, queue);
  }

  take(method: string): Fault | undefined {
    return this.queued.get(method)?.shift();
  }
}

/** Waits out a fault's delay; the fake stands in for a slow Slack, so a real pause is the point. */
export async function applyDelay(fault: Fault | undefined): Promise<void> {
  if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
}

/** The HTTP-level failure a `{ status }` fault stands for (429 with Retry-After, as Slack sends it). */
export function httpFaultReply(fault: Fault | undefined): Reply | undefined {
  if (!fault || !('status' in fault)) return undefined;
  if (fault.status === 429) {
    return jsonReply({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(fault.retryAfter ?? 1) });
  }
  return textReply(STATUS_CODES[fault.status] ?? 'error', fault.status);
}

export function faultError(fault: Fault | undefined): string | undefined {
  return fault && 'error' in fault ? fault.error : undefined;
}
