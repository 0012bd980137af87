// Lines for a terminal: measured in columns, wrapped at spaces, styles (ANSI SGR) kept per line.

const ESC = String.fromCharCode(27);
const SGR = new RegExp(`${ESC}\\[([0-9;]*)m`, 'g');
/** Joins words that must stay on one line (a button's label); shown as a space. */
export const KEEP_TOGETHER = '\u00a0';

export function stripStyles(s: string): string {
  return s.replace(SGR, '');
}

/** Columns a line takes: one per code point, styles none (the demo's texts hold no wide characters). */
export function visibleWidth(s: string): number {
  return [...stripStyles(s)].length;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleWidth(s)));
}

/** What to do with a word wider than a line: split it (in a box), or give it a line of its own that overflows. */
export type LongWords = 'split' | 'overflow';

function wrapParagraph(paragraph: string, widths: (line: number) => number, long: LongWords): string[] {
  const lines: string[] = [];
  const width = () => Math.max(1, widths(lines.length));
  let current: string | undefined;
  for (const word of paragraph.split(' ')) {
    if (current !== undefined && visibleWidth(`${current} ${word}`) <= width()) {
      current = `${current} ${word}`;
      continue;
    }
    if (current !== undefined) lines.push(current.trimEnd());
    if (visibleWidth(word) <= width() || long === 'overflow') current = word;
    else {
      // A word wider than a whole line, in line-sized pieces: nothing is lost, and nothing else is cut.
      let rest = [...stripStyles(word)];
      for (let w = width(); rest.length > w; w = width()) {
        lines.push(rest.slice(0, w).join(''));
        rest = rest.slice(w);
      }
      current = rest.join('');
    }
  }
  lines.push((current ?? '').trimEnd());
  return lines;
}

/** Which styles a sequence of SGR parameters leaves on: bold and dim share their off switch (22). */
function applySgr(on: Map<string, string>, params: string): void {
  const code = params === '' ? '0' : params;
  if (code === '0') on.clear();
  else if (code === '22') {
    on.delete('1');
    on.delete('2');
  } else if (code === '23') on.delete('3');
  else if (code === '29') on.delete('9');
  else if (code === '39') {
    for (const c of [...on.keys()]) if (/^3[0-7]$/.test(c)) on.delete(c);
  } else on.set(code, `${ESC}[${code}m`);
}

/** A style open at the end of a line is closed there and opened again on the next, so borders stay plain. */
function keepStylesPerLine(lines: string[]): string[] {
  const on = new Map<string, string>();
  return lines.map((line) => {
    const reopened = [...on.values()].join('') + line;
    for (const m of line.matchAll(SGR)) applySgr(on, m[1] ?? '');
    return on.size > 0 ? `${reopened}${ESC}[0m` : reopened;
  });
}

export interface WrapOptions {
  long?: LongWords;
  /** The first line's width, when it differs (a line after a prefix, continued under a hanging indent). */
  first?: number;
}

/** Lines of at most `width` columns, broken at spaces; each `\n` starts a new line. */
export function wrap(text: string, width: number, { long = 'split', first = width }: WrapOptions = {}): string[] {
  const lines = text.split('\n').flatMap((p, i) => wrapParagraph(p, (n) => (i === 0 && n === 0 ? first : width), long));
  return keepStylesPerLine(lines).map((l) => l.replaceAll(KEEP_TOGETHER, ' '));
}
