import { readFileSync } from 'node:fs';
import { parseSync } from 'oxc-parser';

export interface ImportRef {
  specifier: string;
  /** `import type …` / `export type … from`: erased when the types are stripped, never loaded. */
  typeOnly: boolean;
}

/**
 * Every module a TypeScript file names: static imports and re-exports (type-only ones marked) and
 * dynamic `import('literal')`. `import { type A } from 'x'` still loads `x` (verbatimModuleSyntax,
 * Node's type stripping), so only a whole-declaration `type` counts as type-only.
 */
export function importsOf(file: string): ImportRef[] {
  const source = readFileSync(file, 'utf8');
  const { program, module, errors } = parseSync(file, source);
  if (errors.length > 0) throw new Error(`${file}: ${errors[0]!.message}`);
  const found: ImportRef[] = [];
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      found.push({ specifier: node.source.value, typeOnly: node.importKind === 'type' });
    } else if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) {
      found.push({ specifier: node.source.value, typeOnly: node.exportKind === 'type' });
    }
  }
  for (const { moduleRequest } of module.dynamicImports) {
    const literal = /^(['"`])([^'"`$]*)\1$/.exec(source.slice(moduleRequest.start, moduleRequest.end));
    if (literal) found.push({ specifier: literal[2]!, typeOnly: false });
  }
  return found;
}
