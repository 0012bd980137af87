import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const scripts = (
  JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The node flags an npm script runs the CLI with, up to its entry point. */
function nodeFlags(script: string): string[] {
  // Past any VAR=value the shell sets for it (the allocator setting of `start`).
  const words = script
    .split(' && ')
    .at(-1)!
    .split(/\s+/)
    .filter((w, i, all) => !/^[A-Z_]+=/.test(w) || all.slice(0, i).includes('node'));
  expect(words[0]).toBe('node');
  return words.slice(
    1,
    words.findIndex((w) => /\.(ts|js)$/.test(w)),
  );
}

/** `npm run doctor` as the script runs it, in a directory of our own (its ./.env and ./data). */
function doctorIn(cwd: string, env: Record<string, string>): Promise<string> {
  const cli = path.join(root, 'src/cli.ts');
  const child = spawn(process.execPath, [...nodeFlags(scripts.doctor!), cli, 'doctor'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

describe('./.env', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nab-env-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every operator script loads it when present', () => {
    for (const name of ['start', 'migrate', 'doctor', 'audit'])
      expect(nodeFlags(scripts[name]!), name).toContain('--env-file-if-exists=.env');
  });

  it('is optional: without one the configuration comes from the environment alone', async () => {
    expect(await doctorIn(dir, {})).toMatch(/✗ NEON_ORG_ID\s+is required/);
  });

  it('its values are read, and a variable set in the environment wins over it', async () => {
    await writeFile(path.join(dir, '.env'), 'NEON_ORG_ID=not-an-org\nLOG_LEVEL=warn\n');
    expect(await doctorIn(dir, {})).toMatch(/✗ NEON_ORG_ID\s+must look like org-/);
    expect(await doctorIn(dir, { NEON_ORG_ID: 'org-cold-sun-12345678' })).not.toContain('NEON_ORG_ID');
  });
});
