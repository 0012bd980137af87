import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
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
  // Only the machine's PATH, as in a newcomer's shell: npm itself must put the project's Node 24 first.
  env.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  const child = spawn('npm', ['run', '--silent', 'demo'], { cwd: root, env });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, output).toBe(0);
  expect(output).toMatch(/demo on Node v24\.\d+\.\d+/);
  expect(output).toContain('embedded database');
  expect(output).toMatch(
    /POST \/organizations\/org-[a-z0-9-]+\/invitations \{"invitations":\[\{"email":"mia@example\.com","role":"member"\}\]\}.*→ 200/,
  );
  expect(output).toContain('Done: Neon sent an invitation to mia@example.com');
  expect(output).toContain('Denied by @Bob');
  expect(output).toContain('already a member');
  expect(output).toMatch(/PATCH \/organizations\/org-[a-z0-9-]+\/members\/[0-9a-f-]+ \{"role":"admin"\}.*→ 200/);
  expect(output).toMatch(/Done: @Tom's role changed from \*member\* to \*admin\* until .+, then back to \*member\*/);
  expect(output).toMatch(
    /POST \/organizations\/org-[a-z0-9-]+\/api_keys \{"key_name":"neon-access-bot R-[A-Z0-9]{8}","project_id":"billing-api-[0-9]+"\}.*→ 200/,
  );
  // The key is revealed once, masked in the transcript, and a second Reveal is refused.
  expect(output).toMatch(/a modal opens: .*napi_…[a-z0-9]{4}/);
  expect(output).not.toMatch(/napi_[a-z0-9]{8,}/i);
  expect(output).toContain('was already shown');
  expect(output).not.toContain('The demo failed');
}, 60_000);
