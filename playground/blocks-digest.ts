import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const BLOCKS = new URL('../src/slack/blocks/', import.meta.url).pathname;

/** What the README's pictures were made from: a digest of every Block Kit builder's source. */
export function blocksDigest(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(BLOCKS)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    hash
      .update(`${name}\0`)
      .update(readFileSync(path.join(BLOCKS, name)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** Where `npm run screenshots` records the digest its pictures were made from. */
export const DIGEST_FILE = new URL('../docs/images/blocks.sha256', import.meta.url).pathname;
