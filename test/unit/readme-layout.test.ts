import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// The README's Layout table has a line for every folder a newcomer meets: each top-level folder
// git tracks, and each folder of src/.
const root = new URL('../../', import.meta.url).pathname;

it('the README Layout table names every top-level folder and every folder of src/', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
  const folders = new Set<string>();
  for (const file of tracked) {
    const parts = file.split('/');
    if (parts.length < 2 || parts[0]!.startsWith('.')) continue;
    folders.add(parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}/` : `${parts[0]}/`);
  }
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const layout = readme.slice(readme.indexOf('## Layout'));
  const rows = [...layout.matchAll(/^\| `([^`]+\/)` \|/gm)].map((m) => m[1]!);
  // A row for a folder inside it (`db/migrations/`) covers it too.
  expect([...folders].filter((f) => !rows.some((row) => row.startsWith(f)))).toEqual([]);
});
