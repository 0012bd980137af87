// Email checks for invitations: only the requester's own Slack address, and only
// inside ALLOWED_EMAIL_DOMAINS.

// A deliberately plain address: dot-atom local part and an ASCII host name with a dot. Quoted
// local parts, IP literals and comments are valid RFC 5322 but never appear on a Slack profile.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX_LOCAL = 64;
const MAX_EMAIL = 254;

/**
 * Trimmed and lower-cased. The whole address is lower-cased: Slack and Neon both match
 * addresses case-insensitively, so keeping the local part's case would only produce false
 * mismatches when comparing them.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Is this (after normalising) a plain, well-formed address? */
export function isEmail(email: string): boolean {
  const candidate = normaliseEmail(email);
  if (candidate.length > MAX_EMAIL) return false;
  const at = candidate.lastIndexOf('@');
  const local = candidate.slice(0, at);
  const labels = candidate.slice(at + 1).split('.');
  return (
    at > 0 &&
    local.length <= MAX_LOCAL &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label))
  );
}

/** Allowed-list entries are matched as written, lower-cased, with an optional leading `@`. */
function normaliseDomain(entry: string): string {
  return entry.trim().toLowerCase().replace(/^@/, '');
}

/**
 * Is `email` well formed and inside one of `allowedDomains`? An empty list (or one of only
 * blank entries) allows any domain. Matching is exact: `eu.example.com` is allowed only when
 * listed itself, since a subdomain may hold other people's addresses (contractors, students).
 */
export function emailDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  if (!isEmail(email)) return false;
  const normalised = normaliseEmail(email);
  const allowed = allowedDomains.map(normaliseDomain).filter((domain) => domain !== '');
  if (allowed.length === 0) return true;
  return allowed.includes(normalised.slice(normalised.lastIndexOf('@') + 1));
}
