// Slack mrkdwn as a person reads it in Slack, written for a terminal: markup gone (or ANSI styles
// when the terminal shows them), mentions and links as their names, escapes decoded.

export interface TerminalStyle {
  /** ANSI styles (bold, italics, colours): only when the output is a terminal. */
  ansi: boolean;
  /** Slack user or channel id → how the transcript names it (`Mia`, `#approvals`). */
  names: Readonly<Record<string, string>>;
}

const ESC = String.fromCharCode(27);
const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  strike: [9, 29],
  code: [36, 39],
  green: [32, 39],
  red: [31, 39],
} as const;
export type StyleName = keyof typeof STYLES;

export function styled(text: string, style: StyleName, ansi: boolean): string {
  if (!ansi || text === '') return text;
  const [on, off] = STYLES[style];
  return `${ESC}[${on}m${text}${ESC}[${off}m`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

export function decodeEntities(s: string): string {
  return s.replace(/&(?:lt|gt|amp);/g, (e) => ENTITIES[e] ?? e);
}

/** `<@U…>`, `<#C…|name>`, `<!here>`, `<!date^…|fallback>`, `<url|text>`: what Slack shows in their place. */
function angle(inner: string, names: TerminalStyle['names']): string {
  const [target = '', label] = inner.split('|');
  const sigil = target[0];
  const id = target.slice(1);
  if (sigil === '@') return `@${names[id] ?? label ?? id}`;
  if (sigil === '#') return label ? `#${label}` : (names[id] ?? `#${id}`);
  if (sigil === '!') {
    if (label !== undefined) return label;
    return ['here', 'channel', 'everyone'].includes(id) ? `@${id}` : id;
  }
  return label ?? target.replace(/^mailto:/, '');
}

/** One emphasis mark (`*bold*`, `_italic_`, `~strike~`): opens and closes next to a word, as in Slack. */
function emphasis(mark: string): RegExp {
  const m = mark === '*' ? '\\*' : mark;
  return new RegExp(`(?<![\\p{L}\\p{N}${m}])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?![\\p{L}\\p{N}${m}])`, 'gu');
}
const BOLD = emphasis('*');
const ITALIC = emphasis('_');
const STRIKE = emphasis('~');
/** `:emoji:` shortcodes, not times (`09:00:00`): the transcript leaves pictures out. */
const EMOJI = /(?<![^\s(]):[a-z][a-z0-9_+-]*: ?/g;
/** Code is kept aside while the rest is parsed: nothing inside it is markup. */
const CODE = /```([\s\S]*?)```|`([^`\n]+)`/g;
const HOLD = 0xe000;

export function mrkdwnToTerminal(text: string, style: TerminalStyle): string {
  const held: string[] = [];
  const hold = (s: string) => String.fromCharCode(HOLD + held.push(s) - 1);
  let out = text.replace(CODE, (_m, block: string | undefined, inline: string | undefined) =>
    hold(styled(decodeEntities(block === undefined ? inline! : block.replace(/^\n|\n$/g, '')), 'code', style.ansi)),
  );
  out = out
    .replace(/<([^<>\n]+)>/g, (_m, inner: string) => angle(inner, style.names))
    .replace(BOLD, (_m, s: string) => styled(s, 'bold', style.ansi))
    .replace(ITALIC, (_m, s: string) => styled(s, 'italic', style.ansi))
    .replace(STRIKE, (_m, s: string) => styled(s, 'strike', style.ansi))
    .replace(EMOJI, '');
  return decodeEntities(out).replace(/[\ue000-\uf8ff]/g, (c) => held[c.charCodeAt(0) - HOLD] ?? c);
}

/** A text object, `mrkdwn` or `plain_text` (shown as typed, but for its emoji). */
export function textObject(value: unknown, style: TerminalStyle): string {
  if (typeof value !== 'object' || value === null) return '';
  const { type, text } = value as { type?: unknown; text?: unknown };
  if (typeof text !== 'string') return '';
  return type === 'mrkdwn' ? mrkdwnToTerminal(text, style) : text.replace(EMOJI, '');
}
