/** What installing the app from manifest.yml grants its bot token: the fake's default scopes. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export function manifestBotScopes(): string[] {
  const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
    oauth_config?: { scopes?: { bot?: string[] } };
  };
  return manifest.oauth_config?.scopes?.bot ?? [];
}
