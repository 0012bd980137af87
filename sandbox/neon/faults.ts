/**
 * How the emulator misbehaves on a matching request. `drop` closes the connection unanswered and
 * does nothing; `lost` closes it at once too, but carries the request out (after `landsAfterMs`):
 * the caller cannot tell them apart.
 */
export type Fault =
  | { status: number; retryAfter?: number }
  | { delayMs: number }
  | { drop: true }
  | { lost: true; landsAfterMs?: number };

export type FaultKind = 'status' | 'delay' | 'drop' | 'lost';

/** An operationId, or method and/or path (relative to /api/v2; a RegExp matches part of it). */
export type FaultMatch = string | { operationId?: string; method?: string; path?: string | RegExp };

export interface FaultTarget {
  operationId: string | undefined;
  method: string;
  path: string;
}

interface Armed {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

export function faultKind(fault: Fault): FaultKind {
  if ('drop' in fault) return 'drop';
  if ('lost' in fault) return 'lost';
  return 'delayMs' in fault ? 'delay' : 'status';
}

function matches(match: FaultMatch, target: FaultTarget): boolean {
  if (typeof match === 'string') return match === target.operationId;
  if (match.operationId !== undefined && match.operationId !== target.operationId) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === target.path : match.path.test(target.path);
}

export class Faults {
  private armed: Armed[] = [];
  private readonly sleepers = new Set<() => void>();

  add(match: FaultMatch, fault: Fault, times: number): void {
    this.armed.push({ match, fault, remaining: times });
  }

  /** The first armed fault that matches, used up once. */
  take(target: FaultTarget): Fault | undefined {
    const armed = this.armed.find((a) => matches(a.match, target));
    if (!armed) return undefined;
    if (--armed.remaining <= 0) this.armed.splice(this.armed.indexOf(armed), 1);
    return armed.fault;
  }

  reset(): void {
    this.armed = [];
  }

  /** Resolves true after `ms`, or false if the emulator closes first (the request is then abandoned). */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(cancel);
        resolve(true);
      }, ms);
      this.sleepers.add(cancel);
    });
  }

  cancelSleeps(): void {
    for (const cancel of [...this.sleepers]) cancel();
  }
}
