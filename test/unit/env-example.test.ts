import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../src/config.ts';

// The README loads .env three ways: `set -a; . ./.env` in bash, Node's --env-file (parseEnv), and
// `docker run --env-file`. Each must read .env.example as the same variables with the same values.

const path = new URL('../../.env.example', import.meta.url).pathname;
const text = readFileSync(path, 'utf8');

type Vars = Record<string, string>;

/** What bash exports after reading a file as the README says (or a snippet, the same way), less what a clean bash has anyway. */
function bashReads(source: { file: string } | { text: string }): { vars: Vars; stderr: string; status: number | null } {
  const read = 'file' in source ? '. "$1"' : 'eval "$1"';
  const run = (script: string) =>
    spawnSync(
      'env',
      ['-i', 'bash', '--noprofile', '--norc', '-c', script, 'bash', 'file' in source ? source.file : source.text],
      { encoding: 'utf8' },
    );
  const baseline = environment(run('env -0').stdout);
  const sourced = run(`set -a; ${read}; set +a; env -0`);
  const vars = Object.fromEntries(
    Object.entries(environment(sourced.stdout)).filter(([k, v]) => k !== '_' && baseline[k] !== v),
  );
  return { vars, stderr: sourced.stderr, status: sourced.status };
}

function environment(nulSeparated: string): Vars {
  return Object.fromEntries(
    nulSeparated
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

/** Docker's --env-file: `NAME=value` lines taken literally (quotes included), `#` lines skipped. */
function dockerReads(file: string): Vars {
  const lines = file
    .split('\n')
    .map((l) => l.trimStart())
    .filter((l) => l !== '' && !l.startsWith('#'));
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

const nodeReads = (file: string): Vars => parseEnv(file) as Vars;

describe('.env.example', () => {
  it('bash sources it without a complaint', () => {
    const { stderr, status } = bashReads({ file: path });
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('bash, Node (--env-file) and Docker (--env-file) read the same variables with the same values', () => {
    const node = nodeReads(text);
    expect(bashReads({ file: path }).vars).toEqual(node);
    expect(dockerReads(text)).toEqual(node);
    expect(Object.keys(node).length).toBeGreaterThan(20);
    expect(node).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-your-bot-token',
      SLASH_COMMAND: '/neon',
      SLACK_SIGNING_SECRET: '',
    });
  });

  it('names every variable the bot reads', () => {
    for (const name of Object.keys(configSchema.shape)) expect(text, name).toMatch(new RegExp(`^(# )?${name}=`, 'm'));
  });

  it('is a valid configuration once the required values are filled in', () => {
    const loaded = loadConfig({
      ...nodeReads(text),
      SLACK_SIGNING_SECRET: 'a-signing-secret',
      NEON_ORG_ID: 'org-demo-12345678',
      APPROVER_SLACK_IDS: 'UADMIN1',
    });
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.config.slack.command).toBe('/neon');
    expect(loaded.config.reconcileCron).toBe('0 6 * * *');
  });

  it('the comparison has teeth: an unquoted schedule is not what bash reads', () => {
    const unquoted = 'REQUEST_TTL=24h\nRECONCILE_CRON=0 6 * * *\n';
    const bash = bashReads({ text: unquoted });
    expect(bash.stderr).toContain('command not found');
    expect(bash.vars).not.toEqual(nodeReads(unquoted));
    // Quoted, the shell and Node agree, and Docker keeps the quotes: why the example shows it as a comment.
    const quoted = 'RECONCILE_CRON="0 6 * * *"\n';
    expect(bashReads({ text: quoted }).vars).toEqual(nodeReads(quoted));
    expect(dockerReads(quoted)).toEqual({ RECONCILE_CRON: '"0 6 * * *"' });
  });
});
