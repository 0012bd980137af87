// The command's text as whitespace-separated tokens, with their offsets.

export interface Token {
  text: string;
  start: number;
  end: number;
}

// `\s` with the u flag covers tabs, newlines and Unicode spaces (no-break, ideographic…);
// the zero-width space is added since it pastes invisibly from rich text.
const SPACE = '\\s\\u200B';

/** Walks whitespace-separated tokens, keeping offsets so the reason keeps its own spacing. */
export class Scanner {
  pos = 0;
  private readonly token = new RegExp(`[^${SPACE}]+`, 'gu');

  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  peek(): Token | undefined {
    this.token.lastIndex = this.pos;
    const match = this.token.exec(this.text);
    return match === null ? undefined : { text: match[0], start: match.index, end: match.index + match[0].length };
  }

  take(): Token | undefined {
    const token = this.peek();
    if (token !== undefined) this.pos = token.end;
    return token;
  }

  remainingTokens(): Token[] {
    const start = this.pos;
    const tokens: Token[] = [];
    for (let token = this.take(); token !== undefined; token = this.take()) tokens.push(token);
    this.pos = start;
    return tokens;
  }

  rest(): string {
    return trimSpace(this.text.slice(this.pos));
  }
}

const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'gu');

export function trimSpace(s: string): string {
  return s.replace(TRIM, '');
}

/** Slack escapes exactly these three in command text; one pass, so `&amp;lt;` stays `&lt;`. */
export function decodeSlackEntities(s: string): string {
  return s.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

export function isWord(token: Token, word: string): boolean {
  return token.text.toLowerCase() === word;
}

export function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i += 1) if (chars.includes(text.charAt(i))) return i;
  return -1;
}
