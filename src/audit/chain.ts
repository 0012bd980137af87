import { createHash } from 'node:crypto';

/** The hash the first event of a history chains from. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  requestId: string;
  event: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  detail: Record<string, unknown>;
  at: string; // ISO-8601, millisecond precision (what JavaScript and a timestamptz round-trip agree on)
}

/** JSON with object keys sorted at every depth: jsonb reorders keys, so the hash must not depend on order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

export function chainHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}
