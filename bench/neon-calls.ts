import type { RecordedRequest } from '../sandbox/neon/index.ts';
import type { Row } from './stats.ts';

/** A route as Neon rate-limits it: method and path with ids made generic. */
const route = (r: RecordedRequest) =>
  `${r.method} ${r.path.replace(/\/organizations\/[^/]+/, '/organizations/{org}').replace(/\/projects\/[^/]+/, '/projects/{id}')}`;

/**
 * What the emulator recorded between two marks: calls per invitation, 429s, and each route's
 * busiest second (what Neon's per-route limits would meet).
 */
export function neonCalls(requests: RecordedRequest[], from: number, to: number, invitations: number): Row[] {
  const calls = requests.slice(from, to);
  const perSecond = new Map<string, Map<number, number>>();
  for (const r of calls) {
    const seconds = perSecond.get(route(r)) ?? new Map<number, number>();
    const s = Math.floor(Date.parse(r.at) / 1000);
    seconds.set(s, (seconds.get(s) ?? 0) + 1);
    perSecond.set(route(r), seconds);
  }
  return [
    { measure: 'Neon calls per invitation (target ≤ 3)', value: calls.length / invitations },
    { measure: 'Neon answers 429', value: calls.filter((r) => r.status === 429).length },
    ...[...perSecond].map(([r, seconds]) => ({
      measure: `  ${r}: calls, busiest second`,
      value: `${[...seconds.values()].reduce((a, b) => a + b, 0)}, ${Math.max(...seconds.values())}/s`,
    })),
  ];
}
