// Generated values the emulator hands out: ids, key tokens, timestamps.
import { randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

/** Current Neon keys look like `napi_` + 64 lowercase alphanumerics; all key kinds alike. */
export function newApiKeyToken(): string {
  return `napi_${randomAlnum(64)}`;
}

export function newUuid(): string {
  return randomUUID();
}

/** Neon-style project id, e.g. `quiet-river-12345678` (spec pattern ^[a-z0-9-]{1,60}$). */
export function newProjectId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'project'}-${randomInt(10_000_000, 100_000_000)}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
