import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

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

/** Specifiers still imported after compilation: `import type` and `export type` are erased, the rest stays (verbatimModuleSyntax). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the production build', () => {
  it('imports only Node built-ins, its own files and production dependencies', () => {
    const missing = sourceFiles(BUILT).flatMap((file) =>
      runtimeImports(file)
        .filter((s) => !s.startsWith('.') && !isBuiltin(s) && !(packageOf(s) in pkg.dependencies))
        .map((s) => `${relative(root, file)} imports ${s}`),
    );
    expect(missing, 'move these packages to "dependencies" (or make the imports type-only)').toEqual([]);
  });
});
