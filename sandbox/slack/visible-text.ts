/** Text a person would see in a message or view, flattened for assertions. */
import type { Block } from './types.ts';

function collectTexts(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectTexts(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'text' && typeof item === 'string') out.push(item);
      else collectTexts(item, out);
    }
  }
}

/** The top-level text, then every `text` inside the blocks, one per line. */
export function visibleText(content: { text?: string; blocks?: Block[] }): string {
  const out: string[] = content.text ? [content.text] : [];
  collectTexts(content.blocks ?? [], out);
  return out.join('\n');
}
