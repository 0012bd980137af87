import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { HarnessOptions } from './bot-harness.ts';

/**
 * A harness setup whose POLICY_FILE holds `policy` (YAML), written when the harness starts and
 * removed after the scope; `env` adds to it. Call it where `useHarness` is called.
 */
export function withPolicyFile(policy: string, env: Record<string, string> = {}): () => HarnessOptions {
  let dir: string | undefined;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    dir = mkdtempSync(join(tmpdir(), 'nab-policy-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, policy);
    return { env: { POLICY_FILE: file, ...env } };
  };
}
