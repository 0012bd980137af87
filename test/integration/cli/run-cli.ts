import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const root = new URL('../../../', import.meta.url).pathname;
// By absolute path, so the CLI can run in another directory (its ./data is the embedded database's).
const cli = `${root}src/cli.ts`;

export interface CliOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI with exactly this environment (plus PATH). Asynchronous, unlike spawnSync:
 * the fakes it talks to live in this process and must keep answering while it runs.
 */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: opts.cwd ?? root,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: opts.timeoutMs ?? 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What `loadConfig` requires besides what a test points at its own servers. */
export const REQUIRED_ENV = {
  SLACK_BOT_TOKEN: `xoxb-test-${randomBytes(6).toString('hex')}`,
  SLACK_SIGNING_SECRET: 'super-secret-signing-value',
  NEON_ORG_ID: 'org-demo-12345678',
  APPROVER_SLACK_IDS: 'UADMIN001',
};
