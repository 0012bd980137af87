import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const root = new URL('../../../', import.meta.url).pathname;
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI with exactly this environment (plus PATH). Asynchronous, unlike spawnSync:
 * the fakes it talks to live in this process and must keep answering while it runs.
 */
export function runCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000, cwd = root): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    // By location: run from another directory (`cwd`), the CLI could not resolve `tsx` by name.
    const child = spawn(process.execPath, ['--import', tsx, `${root}src/cli.ts`, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: timeoutMs,
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
