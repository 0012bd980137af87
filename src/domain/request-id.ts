// Request ids are what people copy into `/neon cancel`, so they are short and avoid characters
// that are easy to misread (no 0/O, 1/I/L): `R-` and 8 characters, about 40 bits.

export const REQUEST_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BODY_LENGTH = 8;
const PREFIX = 'R-';
const REQUEST_ID = new RegExp(`^(?:${PREFIX})?([${REQUEST_ID_ALPHABET}]{${BODY_LENGTH}})$`);

// Bytes at or above this would make some characters likelier than others, so they are skipped.
const UNBIASED_LIMIT = 256 - (256 % REQUEST_ID_ALPHABET.length);
// A real random source passes in one or two rounds; hitting this means it is broken.
const MAX_ROUNDS = 64;

/** Builds an id from injected random bytes (e.g. `crypto.randomBytes`), so this stays pure. */
export function newRequestId(random: (n: number) => Uint8Array): string {
  let body = '';
  for (let round = 0; round < MAX_ROUNDS && body.length < BODY_LENGTH; round += 1) {
    for (const byte of random(BODY_LENGTH * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      body += REQUEST_ID_ALPHABET[byte % REQUEST_ID_ALPHABET.length];
      if (body.length === BODY_LENGTH) break;
    }
  }
  if (body.length < BODY_LENGTH) throw new Error('random source returned no usable bytes');
  return PREFIX + body;
}

/**
 * The canonical form (`R-` and upper case) of a typed request id, or undefined. The prefix may
 * be left out and case does not matter, because people type these by hand.
 */
export function parseRequestId(text: string): string | undefined {
  const body = REQUEST_ID.exec(text.trim().toUpperCase())?.[1];
  return body === undefined ? undefined : PREFIX + body;
}
