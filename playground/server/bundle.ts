import { readFile } from 'node:fs/promises';
import { rolldown } from 'rolldown';

const web = new URL('../web/', import.meta.url);
const modules = new URL('../../node_modules/', import.meta.url);

export interface Bundle {
  js: string;
  css: string;
}

/** The page: its TSX bundled in memory at start (rolldown, already in the tree through vitest), and its CSS. */
export async function bundleWebClient(): Promise<Bundle> {
  const build = await rolldown({
    input: new URL('main.tsx', web).pathname,
    transform: { jsx: 'react-jsx', define: { 'process.env.NODE_ENV': '"production"' } },
    logLevel: 'silent',
  });
  const { output } = await build.generate({ format: 'esm', minify: true });
  await build.close();
  const [renderer, own] = await Promise.all([
    readFile(new URL('slack-blocks-to-jsx/dist/style.css', modules), 'utf8'),
    readFile(new URL('style.css', web), 'utf8'),
  ]);
  return { js: output[0].code, css: `${renderer}\n${own}` };
}
