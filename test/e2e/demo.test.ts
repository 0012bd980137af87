import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/**
 * Runs `npm run demo` as a newcomer would. It also keeps the embedded-database default covered
 * when the rest of the suite runs on an external server: no DATABASE_URL reaches the demo.
 */
it('npm run demo plays the whole story against the embedded database and exits 0', async () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts'], { cwd: root, env });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, output).toBe(0);
  expect(output).toContain('embedded database');
  expect(output).toMatch(/POST \/organizations\/org-[a-z0-9-]+\/invitations \{"invitations":\[\{"email":"mia@example\.com","role":"member"\}\]\}.*→ 200/);
  expect(output).toContain('Done: Neon sent an invitation to mia@example.com');
  expect(output).toContain('Denied by @Bob');
  expect(output).toContain('already a member');
  expect(output).not.toContain('The demo failed');
}, 60_000);
