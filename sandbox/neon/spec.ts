import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type AjvCustomizer, type Document, OpenAPIBackend } from 'openapi-backend';
import { parse } from 'yaml';

export const API_ROOT = '/api/v2';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/** openapi-backend knows only the int/float formats; without these, uuid/email/date-time go unchecked. */
const addFormats: AjvCustomizer = (ajv) => {
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('email', EMAIL);
  ajv.addFormat('date-time', { validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('uri', { validate: (s: string) => URL.canParse(s) });
  ajv.addFormat('uint64', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 });
  ajv.addFormat('int', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  return ajv;
};

async function loadDocument(): Promise<Document> {
  const pkgJson = createRequire(import.meta.url).resolve('@neondatabase/api-client/package.json');
  const text = await readFile(join(dirname(pkgJson), 'public-v2-for-users.gen.yaml'), 'utf8');
  return parse(text) as Document;
}

async function build(): Promise<OpenAPIBackend> {
  // quick: the document has $ref siblings that fail the strict definition check.
  const api = new OpenAPIBackend({
    definition: await loadDocument(),
    apiRoot: API_ROOT,
    quick: true,
    customizeAjv: addFormats,
  });
  return api.init();
}

let shared: Promise<OpenAPIBackend> | undefined;

/** The validator is stateless, so every emulator in a process shares one. */
export function neonSpec(): Promise<OpenAPIBackend> {
  shared ??= build();
  return shared;
}
