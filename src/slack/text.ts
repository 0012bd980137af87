// Text helpers for the Block Kit builders: every piece of user text goes through one of these
// before it reaches Slack (escaping rules in Slack's "formatting message text").

import { ELLIPSIS, truncate } from '../domain/truncate.ts';
import { isSlackUserId } from '../domain/user-id.ts';

export { truncate };

/** Block Kit limits, in characters, that our builders must respect (Slack rejects the payload otherwise). */
export const LIMITS = {
  sectionText: 3000,
  header: 150,
  optionText: 75,
  optionDescription: 75,
  inputLabel: 2000,
} as const;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Makes user text inert in mrkdwn and a message's top-level `text`: these three characters are
 * Slack's only control characters, so `<!channel>`, `<@U…>` and `<url|label>` cannot form. A
 * single pass replaces `&` "first" by construction: the `&` of a new entity is never re-escaped.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/[&<>]/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * Escaped user text that fits `max` code points once escaped. The cut is made in the raw text,
 * so an entity such as `&amp;` is either whole or absent, never half.
 */
export function mrkdwnText(userText: string, max: number): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  let used = 0;
  let fitsWithEllipsis = 0; // raw length whose escaped form leaves room for `…`
  let offset = 0;
  for (const ch of userText) {
    used += ENTITIES[ch]?.length ?? 1;
    if (used > max) return escapeMrkdwn(userText.slice(0, fitsWithEllipsis).trimEnd()) + ELLIPSIS;
    offset += ch.length;
    if (used <= max - 1) fitsWithEllipsis = offset;
  }
  return escapeMrkdwn(userText);
}

/** For plain_text objects: Slack shows them as typed, so they are only cut to fit. */
export function plainText(s: string, max: number): string {
  return truncate(s, max);
}

/**
 * User text inside a code span. A backtick would close the span and a line break ends it, so
 * backticks become the look-alike `ˋ` and whitespace runs one space; the rest is escaped.
 */
export function inlineCode(s: string): string {
  const inner = s.replace(/`/g, 'ˋ').replace(/\s+/g, ' ').trim();
  return `\`${escapeMrkdwn(inner === '' ? ' ' : inner)}\``;
}

/** A mention of a valid user id; anything else is shown as inert code, never as a mention. */
export function mentionUser(id: string): string {
  return isSlackUserId(id) ? `<@${id}>` : inlineCode(id);
}

/** A mention of a user or a user group (`S…`), by its id; anything else is shown as inert code. */
export function mentionUserOrGroup(id: string): string {
  return /^S[A-Z0-9]{2,}$/.test(id) ? `<!subteam^${id}>` : mentionUser(id);
}
