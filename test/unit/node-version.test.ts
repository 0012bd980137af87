import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from '../../bench/node-flags.ts';

const root = new URL('../../', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };

/** One Node major everywhere: what the tests run on is what the image ships. */
describe('Node 24 everywhere', () => {
  const pinned = pkg.devDependencies.node!;

  it('the suite itself runs on the Node the project pins (the `node` dev dependency)', () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it('engines, the Docker image (tag and digest) and the README name the same major', () => {
    expect(pinned).toMatch(/^24\./);
    expect(pkg.engines.node).toMatch(/^>=24(\.\d+)* <25$/);
    expect(read('Dockerfile')).toMatch(
      new RegExp(`NODE_IMAGE=node:${pinned.replaceAll('.', '\\.')}-slim@sha256:[0-9a-f]{64}\\n`),
    );
    expect(read('Dockerfile')).not.toMatch(/^FROM node:/m);
    expect(read('README.md')).toContain('Node 24');
  });

  it('the bench and npm start run node as the image does: its flags and its allocator setting', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toContain(
      `CMD ["node", ${PRODUCTION_NODE_FLAGS.map((f) => `"${f}"`).join(', ')}, "dist/cli.js", "start"]`,
    );
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
    for (const [name, value] of Object.entries(PRODUCTION_ENV)) {
      expect(dockerfile).toMatch(new RegExp(`^ENV .*\\b${name}=${value}\\b`, 'm'));
      expect(start).toContain(`${name}=${value} node`);
    }
    for (const flag of PRODUCTION_NODE_FLAGS) expect(start).toContain(flag);
  });
});
