import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../support/imports.ts';

// The layers docs/ARCHITECTURE.md draws, read from the imports (type imports included: a type
// import is a dependency of the reader, even if erased at run time).
const root = new URL('../../', import.meta.url).pathname;
const SRC = join(root, 'src');

/** The wiring: the only files outside src/slack/ that may import it. */
const WIRING = ['src/main.ts', 'src/cli.ts', 'src/start.ts', 'src/doctor/', 'src/demo/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** file → the files of the same folder tree it imports, all paths relative to the repository. */
function importGraph(dir = SRC): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const targets = importsOf(file)
      .filter((i) => i.specifier.startsWith('.'))
      .map((i) => resolve(dirname(file), i.specifier))
      .filter((target) => target.startsWith(`${dir}/`))
      .map((target) => relative(root, target));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

const edge = (from: string, to: string) => `${from} -> ${to}`;

/** Imports of src/slack/ from outside it and outside the wiring. */
function outwardImports(graph: Map<string, string[]>): string[] {
  const inSlack = (file: string) => file.startsWith('src/slack/');
  return [...graph].flatMap(([from, targets]) =>
    inSlack(from) || WIRING.some((w) => from === w || (w.endsWith('/') && from.startsWith(w)))
      ? []
      : targets.filter(inSlack).map((to) => edge(from, to)),
  );
}

/** The strongly connected components of more than one file (or a file importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Imports from src/ into the test tree: shipped code (the demo included) must not need it. */
function testImports(): string[] {
  const TEST = join(root, 'test');
  return sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((i) => i.specifier.startsWith('.'))
      .map((i) => resolve(dirname(file), i.specifier))
      .filter((target) => target.startsWith(`${TEST}/`))
      .map((target) => edge(relative(root, file), relative(root, target))),
  );
}

describe('the layers', () => {
  const graph = importGraph();

  it('reads the whole of src/', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/main.ts')).toContain('src/slack/app.ts');
  });

  it('has no import cycle', () => {
    expect(cycles(graph), 'files that import each other, directly or not').toEqual([]);
  });

  it('never imports the test tree (the stand-ins are in sandbox/)', () => {
    expect(testImports()).toEqual([]);
  });

  it.each(['sandbox', 'playground'])('%s/ has no import cycle either', (dir) => {
    const tree = importGraph(join(root, dir));
    expect(tree.size).toBeGreaterThan(10);
    expect(cycles(tree), 'files that import each other, directly or not').toEqual([]);
  });

  it('imports src/slack/ only from the wiring', () => {
    expect(outwardImports(graph), 'the core reaches Slack through the ports of src/app/ports.ts').toEqual([]);
  });
});
