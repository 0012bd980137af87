import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSync } from 'oxc-parser';
import { describe, expect, it } from 'vitest';

// SLASH_COMMAND renames the command (a workspace may also have Neon's own app, which registers
// `/neon`), so no text the bot builds may spell it out: each takes the configured one. The
// end-to-end test sees the texts one run produces; this sees every string literal in src/.

const root = new URL('../../', import.meta.url).pathname;
/** `/neon` as a command, not `/neon-access` nor a path like `../neon/client.ts`. */
const COMMAND = /\/neon(?![\w/.-])/;
/** The one place the name may appear: the default of SLASH_COMMAND. */
const ALLOWED = new Set(['src/config.ts: /neon']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The text of every string literal and template part (`${…}` left out), comments excluded. */
function literals(file: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; value?: unknown };
    if (n.type === 'Literal' && typeof n.value === 'string') found.push(n.value);
    if (n.type === 'TemplateElement') found.push((n.value as { cooked: string }).cooked);
    for (const child of Object.values(node)) visit(child);
  };
  visit(parseSync(file, readFileSync(file, 'utf8')).program);
  return found;
}

function hardCoded(files: string[]): string[] {
  return files.flatMap((file) =>
    literals(file)
      .filter((text) => COMMAND.test(text))
      .map((text) => `${relative(root, file)}: ${text}`)
      .filter((hit) => !ALLOWED.has(hit)),
  );
}

describe('the command name in what the bot says', () => {
  it('is never written into a text in src/: every one takes SLASH_COMMAND', () => {
    expect(hardCoded(sourceFiles(join(root, 'src')))).toEqual([]);
  });

  it('the scan finds a hard-coded name in a string, a template and a template part', () => {
    // This very file holds such literals on purpose, and nothing else in test/ is scanned.
    const samples = ['Type `/neon help` to see', `Try \`/neon\`.`, `Run \`/neon ${'admin'} reconcile\``];
    expect(samples).toHaveLength(3);
    const here = relative(root, new URL(import.meta.url).pathname);
    expect(hardCoded([join(root, here)])).toEqual(
      expect.arrayContaining([`${here}: ${samples[0]}`, `${here}: ${samples[1]}`, `${here}: Run \`/neon `]),
    );
  });
});
