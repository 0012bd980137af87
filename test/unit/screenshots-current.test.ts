import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { blocksDigest, DIGEST_FILE } from '../../playground/blocks-digest.ts';

// The README's pictures show the Block Kit the bot sends: a change to a builder needs new ones.
it('the README pictures were made from the Block Kit builders as they are', () => {
  expect(
    readFileSync(DIGEST_FILE, 'utf8').trim(),
    'src/slack/blocks/ changed since the pictures were made: run `npm run screenshots` and commit docs/images/',
  ).toBe(blocksDigest());
});
