// Block Kit drawn as boxed text: what a person sees of a message or a modal in Slack, for a
// terminal. Pure: the narrator decides what to draw, this decides how it looks.
import { styled, type TerminalStyle, textObject } from './mrkdwn-terminal.ts';
import { KEEP_TOGETHER, padEnd, visibleWidth, wrap } from './text-wrap.ts';

type Json = Record<string, unknown>;

export interface BoxStyle extends TerminalStyle {
  /** Columns of the whole box, borders included. */
  width: number;
}

/** A message or a modal: a modal has a title and its Submit / Close buttons. */
export interface Surface {
  blocks?: unknown[];
  /** A message's fallback text, shown when it has no blocks. */
  text?: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
}

const asJson = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A button or a menu as Slack draws it: `[ Approve ]`, `[ Search projects ▾ ]`; kept on one line. */
function element(value: unknown, style: TerminalStyle): string {
  const e = asJson(value);
  const label = (s: string) => `[ ${s} ]`.replaceAll(' ', KEEP_TOGETHER);
  if (e.type === 'button') {
    const text = label(textObject(e.text, style));
    return e.style === 'primary'
      ? styled(text, 'green', style.ansi)
      : e.style === 'danger'
        ? styled(text, 'red', style.ansi)
        : text;
  }
  if (typeof e.type === 'string' && e.type.endsWith('_select'))
    return label(`${textObject(e.placeholder, style) || 'Choose'} ▾`);
  if (e.type === 'image') return `[image: ${String(e.alt_text ?? '')}]`;
  return label(String(e.type ?? 'element'));
}

/** An input field: its placeholder inside a field as wide as the box. */
function field(value: unknown, inner: number, style: TerminalStyle): string {
  const e = asJson(value);
  const shown = textObject(e.placeholder, style);
  const menu = typeof e.type === 'string' && e.type.endsWith('_select');
  const room = inner - 4 - (menu ? 2 : 0);
  if (visibleWidth(shown) > room) return element(value, style).replaceAll(KEEP_TOGETHER, ' ');
  return `[ ${styled(padEnd(shown, room), 'dim', style.ansi)}${menu ? ' ▾' : ''} ]`;
}

/** Section fields side by side, two to a row, as Slack lays them out. */
function columns(fields: unknown[], inner: number, style: TerminalStyle): string[] {
  const width = Math.floor((inner - 2) / 2);
  const cells = fields.map((f) => wrap(textObject(f, style), width));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const [left = [], right = []] = [cells[i], cells[i + 1]];
    for (let j = 0; j < Math.max(left.length, right.length); j++)
      rows.push(`${padEnd(left[j] ?? '', width)}  ${right[j] ?? ''}`.trimEnd());
  }
  return rows;
}

/** Every `text` inside a block the renderer has no drawing for, so nothing it says is lost. */
function textsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) textsIn(v, out);
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) {
      if (k === 'text' && typeof v === 'string') out.push(v);
      else textsIn(v, out);
    }
  return out;
}

/** One block's lines, at most `inner` columns each. */
export function blockLines(value: unknown, inner: number, style: TerminalStyle): string[] {
  const b = asJson(value);
  const text = (v: unknown) => wrap(textObject(v, style), inner);
  switch (b.type) {
    case 'header':
      return wrap(styled(textObject(b.text, style), 'bold', style.ansi), inner);
    case 'section': {
      const lines = b.text ? text(b.text) : [];
      if (b.fields) lines.push(...columns(asList(b.fields), inner, style));
      if (b.accessory) lines.push(...wrap(element(b.accessory, style), inner));
      return lines;
    }
    case 'context': {
      const parts = asList(b.elements).map((e) => {
        const el = asJson(e);
        return el.type === 'image' ? element(el, style) : textObject(el, style);
      });
      return wrap(styled(parts.filter(Boolean).join('  '), 'dim', style.ansi), inner);
    }
    case 'actions':
      return wrap(
        asList(b.elements)
          .map((e) => element(e, style))
          .join(' '),
        inner,
      );
    case 'divider':
      return ['─'.repeat(inner)];
    case 'input': {
      const optional = b.optional ? ' (optional)' : '';
      const label = styled(textObject(b.label, style), 'bold', style.ansi);
      const lines = [...wrap(`${label}${optional}`, inner), field(b.element, inner, style)];
      if (b.hint) lines.push(...wrap(styled(textObject(b.hint, style), 'dim', style.ansi), inner));
      return lines;
    }
    case 'image':
      return wrap(element(b, style), inner);
    default: {
      const said = textsIn(b).join(' ');
      return wrap(`[${String(b.type ?? 'untyped')} block]${said ? ` ${said}` : ''}`, inner);
    }
  }
}

/** Each block's lines, in order (a message without blocks: its text), for drawing and for comparing versions. */
export function surfaceBlocks(surface: Surface, style: BoxStyle): string[][] {
  const inner = style.width - 4;
  const blocks = asList(surface.blocks);
  if (blocks.length === 0)
    return surface.text ? [wrap(textObject({ type: 'mrkdwn', text: surface.text }, style), inner)] : [];
  return blocks.map((b) => blockLines(b, inner, style));
}

/** A modal's Close and Submit buttons, at its bottom right. */
function modalButtons(surface: Surface, inner: number, style: TerminalStyle): string[] {
  const buttons = [surface.close, surface.submit]
    .filter(Boolean)
    .map((t, i) => element({ type: 'button', text: t, style: i === 1 ? 'primary' : undefined }, style));
  if (buttons.length === 0) return [];
  const row = buttons.join(' ').replaceAll(KEEP_TOGETHER, ' ');
  return ['', ' '.repeat(Math.max(0, inner - visibleWidth(row))) + row];
}

/** The lines of a box `width` columns wide around `lines`; the title sits in the top border when it fits. */
export function drawBox(lines: string[], width: number, title = ''): string[] {
  const inner = width - 4;
  const inBorder = title !== '' && visibleWidth(title) <= inner - 2;
  const top = inBorder ? `┌─ ${title} ${'─'.repeat(width - 5 - visibleWidth(title))}┐` : `┌${'─'.repeat(width - 2)}┐`;
  const body = [...(title && !inBorder ? [...wrap(title, inner), ''] : []), ...lines];
  return [top, ...body.map((l) => `│ ${padEnd(l, inner)} │`), `└${'─'.repeat(width - 2)}┘`];
}

/** Blocks with a blank line between them, as Slack spaces them. */
export function joinBlocks(blocks: string[][]): string[] {
  return blocks.flatMap((lines, i) => (i === 0 ? lines : ['', ...lines]));
}

/** A whole message or modal, boxed. */
export function drawSurface(surface: Surface, style: BoxStyle): string[] {
  const inner = style.width - 4;
  const title = textObject(surface.title, style);
  const lines = [...joinBlocks(surfaceBlocks(surface, style)), ...modalButtons(surface, inner, style)];
  return drawBox(lines, style.width, title);
}

/**
 * What changed from one version of a message to the next: the blocks from the first that differs,
 * under a `⋮` standing for those shown before. Undefined when nothing a person sees changed.
 */
export function changedBlocks(before: string[][], after: string[][]): string[][] | undefined {
  const same = (a: string[] | undefined, b: string[] | undefined) => a?.join('\n') === b?.join('\n');
  if (before.length === after.length && after.every((b, i) => same(b, before[i]))) return undefined;
  let kept = 0;
  while (kept < after.length && same(after[kept], before[kept])) kept++;
  if (kept === 0) return after;
  const [first = [], ...rest] = after.slice(kept);
  return [['⋮', ...first], ...rest];
}
