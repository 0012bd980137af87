/** Request bodies as Slack reads them: form fields or JSON, with JSON-string arguments decoded. */
import { fail } from './slack-error.ts';
import type { Json } from './types.ts';

/** Arguments that @slack/web-api sends as JSON strings inside a form body. */
const JSON_ARGUMENTS = ['blocks', 'attachments', 'view', 'metadata'];

export function parseArguments(contentType: string | undefined, raw: string): Json {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const args = mediaType === 'application/json' ? parseJsonObject(raw) : Object.fromEntries(new URLSearchParams(raw));
  for (const name of JSON_ARGUMENTS) {
    const value = args[name];
    if (typeof value !== 'string') continue;
    try {
      args[name] = JSON.parse(value);
    } catch {
      fail(name === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments', [`${name}: not valid JSON`]);
    }
  }
  return args;
}

function parseJsonObject(raw: string): Json {
  if (raw === '') return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // answered below, like any other non-object body
  }
  return fail('invalid_json');
}

/** `true` in JSON bodies, `"true"` in form bodies. */
export function flag(value: unknown): boolean {
  return value === true || value === 'true';
}
