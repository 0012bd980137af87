export const ELLIPSIS = '…';

/**
 * Cuts `s` to at most `max` code points, ending with `…` when something was cut. Walking code
 * points (not UTF-16 units) means a surrogate pair is never split into invalid text.
 */
export function truncate(s: string, max: number): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  // Fast path: a string of at most `max` UTF-16 units has at most `max` code points.
  if (s.length <= max) return s;
  let seen = 0;
  let offset = 0;
  let keepEnd = 0;
  for (const ch of s) {
    seen += 1;
    if (seen > max) return s.slice(0, keepEnd).trimEnd() + ELLIPSIS;
    offset += ch.length;
    if (seen === max - 1) keepEnd = offset;
  }
  return s;
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}
