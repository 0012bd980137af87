import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('test/fixtures/slack/manifest.schema.json', root), 'utf8'));
const manifest = parse(readFileSync(new URL('manifest.yml', root), 'utf8'));
// The schema uses non-standard keywords (regex, requires, _note): strict mode would refuse it.
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

describe('manifest.yml', () => {
  it("is valid against Slack's manifest schema", () => {
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema check has teeth: a misspelt key fails', () => {
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].shouldEscape = true;
    expect(validate(broken)).toBe(false);
  });

  it('declares /neon with escaped mentions and every scope the code uses', () => {
    const neon = manifest.features.slash_commands.find((c: { command: string }) => c.command === '/neon');
    expect(neon.should_escape).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'users:read.email', 'usergroups:read']),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});
