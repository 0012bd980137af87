import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import type { Policy } from '../domain/policy.ts';
import { parsePolicy } from './schema.ts';

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; error: string };

/** `['autoApprove', 1, 'quota', 'per']` → `autoApprove[1].quota.per`. */
export function policyPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((part) =>
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_][\w-]*$/.test(String(part))
          ? `.${String(part)}`
          : `[${JSON.stringify(String(part))}]`,
    )
    .join('')
    .replace(/^\./, '');
  return text || 'top level';
}

/** One issue as "<path>: <what is wrong>", in the words of the operator who wrote the file. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `${policyPath([...issue.path, issue.keys[0] ?? '?'])}: is not a known key`;
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message ?? issue.message;
    return `${policyPath(issue.path)}: the key ${inner}`;
  }
  const problem = issue.message.endsWith('received undefined')
    ? 'is required'
    : issue.message.replace(/^Invalid input: /, '');
  return `${policyPath(issue.path)}: ${problem}`;
}

/** The file's text → plain data, by its extension; a syntax error names its line and column. */
function parseText(file: string, text: string): { ok: true; data: unknown } | { ok: false; error: string } {
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.json') return { ok: true, data: JSON.parse(text) };
    if (ext === '.yaml' || ext === '.yml') return { ok: true, data: parseYaml(text) };
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return { ok: false, error: `${at ? `line ${at.line}, column ${at.col}: ` : ''}${what}` };
    }
    return { ok: false, error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  return { ok: false, error: 'must end in .yaml, .yml or .json' };
}

/**
 * Reads and validates POLICY_FILE. Any problem is one line naming the file, where in it, and
 * what is wrong, so it can stop the start like a bad environment variable does.
 */
export function loadPolicy(file: string): PolicyResult {
  const fail = (problem: string): PolicyResult => ({ ok: false, error: `policy: ${file}: ${problem}` });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const data = parseText(file, text);
  if (!data.ok) return fail(data.error);
  // An empty YAML document is null: say so plainly rather than "expected object".
  if (data.data === null || data.data === undefined)
    return fail('is empty; write at least one section, or unset POLICY_FILE');
  const parsed = parsePolicy(data.data);
  if (parsed.ok) return parsed;
  // A misspelt key also leaves the real one missing: naming the misspelling helps more.
  return fail(describeIssue(parsed.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.issues[0]!));
}
