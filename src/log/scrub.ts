/**
 * Secret scrubbing for everything that leaves the process as text (log lines, error messages).
 * Patterns catch secrets we were never told about (a token pasted in a reason, a library echoing
 * a header); `known` catches the exact values we hold, whatever their shape.
 */
const PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{6,}/g, // Slack bot/user/app tokens
  /xapp-[A-Za-z0-9-]{6,}/g,
  /napi_[a-z0-9]{8,}/gi, // Neon API keys
  /\b[a-z0-9]{64,65}\b/g, // bare Neon tokens (64/65 lowercase alnum, no prefix)
  /(bearer\s+)[^\s"',]+/gi,
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s/@]+(?=@)/gi, // a password in a URL (postgres://user:…@host)
];

export const REDACTED = '[REDACTED]';

export class Scrubber {
  private readonly known = new Set<string>();

  /** Values shorter than 8 characters are not secrets worth matching and would shred ordinary text. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8) this.known.add(value);
  }

  text(s: string): string {
    let out = s;
    for (const secret of this.known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // A pattern's capture group (`Bearer `, `postgres://user:`) is context worth keeping.
    for (const re of PATTERNS)
      out = out.replace(re, (_m, prefix?: unknown) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
    return out;
  }

  /** Deep copy with every string scrubbed; Errors become plain objects so their text is scrubbed too. */
  value(v: unknown, depth = 0): unknown {
    if (typeof v === 'string') return this.text(v);
    if (v === null || typeof v !== 'object' || depth > 8) return v;
    if (v instanceof Error) {
      const { message, stack, name } = v;
      const extra = this.value({ ...(v as unknown as Record<string, unknown>) }, depth + 1) as Record<string, unknown>;
      return { ...extra, type: name, message: this.text(message), stack: stack ? this.text(stack) : undefined };
    }
    if (Buffer.isBuffer(v)) return REDACTED;
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = SENSITIVE_KEYS.test(k) && typeof x === 'string' ? REDACTED : this.value(x, depth + 1);
    }
    return out;
  }
}

/** Field names whose string values are secrets whatever they contain. */
const SENSITIVE_KEYS = /^(authorization|token|key|api_?key|secret|signing_?secret|password|cookie|x-slack-signature)$/i;
