import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../support/imports.ts';

// The Docker image installs `dependencies` only (npm ci --omit=dev) and cannot be run here, so
// this is where a package the built bot loads but only a developer has installed is caught.
const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
// What tsconfig.build.json compiles: src/ without the demo.
const BUILT = join(root, 'src');
const NOT_BUILT = join(root, 'src/demo');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === NOT_BUILT ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the production build', () => {
  it('imports only Node built-ins, its own files and production dependencies', () => {
    const missing = sourceFiles(BUILT).flatMap((file) =>
      importsOf(file)
        .filter((i) => !i.typeOnly)
        .map((i) => i.specifier)
        .filter((s) => !s.startsWith('.') && !isBuiltin(s) && !(packageOf(s) in pkg.dependencies))
        .map((s) => `${relative(root, file)} imports ${s}`),
    );
    expect(missing, 'move these packages to "dependencies" (or make the imports type-only)').toEqual([]);
  });

  it('loads nothing of the stand-ins, the tests or the demo', () => {
    const outside = sourceFiles(BUILT).flatMap((file) =>
      importsOf(file)
        .filter((i) => i.specifier.startsWith('.'))
        .map((i) => resolve(dirname(file), i.specifier))
        .filter((target) => !target.startsWith(`${BUILT}/`) || target.startsWith(`${NOT_BUILT}/`))
        .map((target) => `${relative(root, file)} imports ${relative(root, target)}`),
    );
    expect(outside, 'sandbox/, test/ and src/demo/ are left out of the build').toEqual([]);
  });
});
