import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ACTIONS, SUBCOMMANDS } from '../../src/domain/command-grammar.ts';

const root = new URL('../../', import.meta.url).pathname;
const WIDTH = 80;
/** A time as the transcript shows Slack's dates: minutes, UTC. */
const DATE = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC';
const utc = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/** Runs `npm <args>` as a newcomer would: the machine's PATH only, no database named. */
function npm(args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  // npm itself must put the project's Node 24 first.
  env.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  const child = spawn('npm', args, { cwd: root, env });
  let output = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output, stdout })));
}

interface Step {
  header: string;
  lines: string[];
}

let run: Awaited<ReturnType<typeof npm>>;
let transcript: string[];
/** The transcript cut at its step headers (`▸ …`, continued on indented lines), each with the lines under it. */
let steps: Step[];

function cut(lines: string[]): Step[] {
  const out: Step[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (line.startsWith('▸ ')) out.push({ header: line.slice(2), lines: [] });
    else if (last && last.lines.length === 0 && /^ {2}\S/.test(line) && !/^ {2}[→←✉✎▢⌂·✕(]/.test(line))
      last.header += ` ${line.trim()}`;
    else if (last && line !== '' && !/^(Done in|Next:)/.test(line)) last.lines.push(line);
    else if (last && /^(Done in|Next:)/.test(line)) break;
  }
  return out;
}

function step(header: RegExp): Step {
  const found = steps.filter((s) => header.test(s.header));
  expect(found, `one step matching ${header}`).toHaveLength(1);
  return found[0]!;
}

const text = (s: Step) => s.lines.join('\n');
/** A box's words on one line, borders gone: what wrapping must not have changed. */
const flat = (lines: string[]) =>
  lines
    .map((l) => l.replace(/^\s*[│┌└].*?(?=\S|$)/u, '').replace(/[│┐┘─]+\s*$/u, ''))
    .join(' ')
    .replace(/\s+/g, ' ');

/** The boxes in some lines: each one's lines, top to bottom. */
function boxes(lines: string[]): string[][] {
  const found: string[][] = [];
  let open: string[] | undefined;
  for (const line of lines) {
    if (line.trimStart().startsWith('┌')) open = [line];
    else if (open) {
      open.push(line);
      if (line.trimStart().startsWith('└')) {
        found.push(open);
        open = undefined;
      }
    }
  }
  return found;
}

beforeAll(async () => {
  run = await npm(['run', '--silent', 'demo']);
  transcript = run.output.split('\n');
  steps = cut(transcript);
}, 120_000);

/**
 * `npm run demo` as a newcomer runs it. It also keeps the embedded-database default covered when
 * the rest of the suite runs on an external server: no DATABASE_URL reaches the demo.
 */
describe('npm run demo', () => {
  it('plays the whole story on Node 24 against its embedded database and exits 0', () => {
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/demo on Node v24\.\d+\.\d+/);
    expect(run.output).toContain('embedded database');
    expect(run.output).not.toContain('The demo failed');
    // Keys are masked: the revealed one shows its last four characters only.
    expect(run.output).toMatch(/│ napi_…[a-z0-9]{4} +│/);
    expect(run.output).not.toMatch(/napi_[a-z0-9]{8,}/i);
  });

  it("runs an approval with the approver's own Neon key and another with the shared one, and says which", () => {
    const connect = step(/^Bob \(an approver\) pastes his personal Neon key \(napi_…[a-z0-9]{4}\)/);
    expect(text(connect)).toContain("→ Neon (Bob's own key): GET /users/me → 200");
    expect(flat(connect.lines)).toContain(
      "Bob's window becomes: Your key for the Neon account bob@example.com is saved.",
    );
    expect(flat(connect.lines)).toContain('✉ #audit: @Bob connected their own Neon key');

    const own = step(/^Bob \(an approver\) clicks Approve/);
    expect(text(own)).toMatch(
      /→ Neon \(Bob's own key\): PATCH\s+\/organizations\/org-[a-z0-9-]+\/members\/[0-9a-f-]+\s+→ 200\s+\{"role":"admin"\}/,
    );
    expect(text(own)).not.toContain('→ Neon (NEON_API_KEY)');
    expect(flat(own.lines)).toContain("with @Bob's own Neon key");
    expect(flat(own.lines)).toMatch(/#audit: R-[A-Z0-9]{8} Done: @Tom's role changed .* \(with @Bob's own Neon key\)/);

    const shared = step(/^Ada \(an approver\) clicks Approve on the card/);
    expect(text(shared)).toMatch(
      /→ Neon \(NEON_API_KEY\): POST \/organizations\/org-[a-z0-9-]+\/invitations → 200\n\s+\{"invitations":\[\{"email":"mia@example\.com","role":"member"\}\]\}/,
    );
    expect(text(shared)).not.toContain("Bob's own key");
    expect(flat(shared.lines)).toContain('with the shared fallback Neon key');

    // Every Neon call names the one key it was made with.
    const calls = transcript.filter((l) => l.includes('→ Neon'));
    expect(calls.length).toBeGreaterThan(10);
    for (const line of calls) expect(line).toMatch(/^ {2}→ Neon \((NEON_API_KEY|Bob's own key)\): [A-Z]+\b/);
  });

  it("extends Mia's key after its warning: the end moves on the cards, in the DM and in #audit, and Neon is not called", () => {
    const key = /Request (R-[A-Z0-9]{8}) created/.exec(text(step(/^Mia types `\S+ key billing-api /)))?.[1];
    expect(key).toBeDefined();
    const oldEnd = new RegExp(`#audit: ${key} Done: Neon key \\d+ for project \\S+ it expires (${DATE})`).exec(
      flat(transcript),
    )?.[1];
    expect(oldEnd).toBeDefined();
    const newEnd = utc(Date.parse(`${oldEnd!.replace(' ', 'T').replace(' UTC', '')}Z`) + 4 * 3_600_000);

    // The warning due an hour before the end, with its two buttons, runs now through the job schedule.
    const warned = step(/^Mia gets the DM due 1h before her key ends/);
    expect(flat(warned.lines)).toContain(`✉ DM to Mia: Your grant ends in about 1h, ${oldEnd}:`);
    expect(text(warned)).toContain('│ [ Extend… ] [ End now ]');

    const asked = step(new RegExp(`^Mia types \`\\S+ extend ${key} 4h need more time\``));
    const ext = /Request (R-[A-Z0-9]{8}) created/.exec(text(asked))?.[1];
    expect(flat(asked.lines)).toContain(`Extension request ${ext} @Mia asks for 4h more of the key for`);

    const approved = step(/^Ada \(an approver\) clicks Approve: the key's end moves 4 hours later/);
    const moved = `grant ${key} now ends ${newEnd} instead of ${oldEnd}`;
    const shown = flat(approved.lines);
    expect(shown).toContain(`✉ #audit: ${ext} Done: ${moved}`);
    expect(shown).toMatch(new RegExp(`✉ DM to Mia: Your request ${ext} .*? Done: ${moved}`));
    expect(shown).toMatch(new RegExp(`“Extension request ${ext}” changes in place: ⋮ .*? Done: ${moved}`));
    // The key's own card shows its new end.
    expect(shown).toMatch(new RegExp(`“Project key request ${key}” changes in place: .*? it expires ${newEnd}\\.`));
    // Nothing reached Neon from the warning to the end of the story: the key stays the same key.
    for (const s of [warned, asked, approved]) expect(text(s), s.header).not.toContain('→ Neon');
    // …and its card never claims it does.
    expect(text(approved)).not.toMatch(/Running in Neon|queued to run in Neon/);
  });

  it('prints each step’s lines under that step', () => {
    const newCards = (s: Step) => s.lines.filter((l) => l.startsWith('  ✉ #approvals:')).length;
    const asks = steps.filter((s) => / types `\S+ (invite member|invite admin I|role|key|extend) /.test(s.header));
    expect(asks).toHaveLength(5);
    for (const s of steps) expect(newCards(s), s.header).toBe(asks.includes(s) ? 1 : 0);

    // Each ask's card is under its ask, and what the approval set off is under the approval.
    const id = (s: Step) => /Request (R-[A-Z0-9]{8}) created/.exec(text(s))?.[1];
    for (const ask of asks) expect(flat(ask.lines), ask.header).toContain(`request ${id(ask)} @`);
    const role = step(/^Tom types `\S+ role admin/);
    const approved = step(/^Bob \(an approver\) clicks Approve/);
    const later = steps.slice(steps.indexOf(approved) + 1);
    expect(later.length).toBeGreaterThan(0);
    for (const s of later) expect(text(s)).not.toContain(id(role)!);
    for (const done of [step(/^Ada \(an approver\) clicks Approve on the card/), approved])
      expect(text(done)).toMatch(/✉ DM to (Mia|Tom): Your request/);
    expect(text(step(/^Bob \(an approver\) types a reason/))).toContain('✉ DM to Dan:');
  });

  it('prints an update of a message only when what it shows changed', () => {
    const updates = new Map<string, string[]>();
    transcript.forEach((line, i) => {
      const title = /✎ .*?: (“.*”) changes in place:/.exec(line)?.[1];
      if (!title) return;
      const [box] = boxes(transcript.slice(i + 1));
      expect(box, `the box after ${line}`).toBeDefined();
      updates.set(title, [...(updates.get(title) ?? []), box!.join('\n')]);
    });
    // Five cards changed: four approved and run, one denied; a card never goes back to a state it showed.
    expect(updates.size).toBe(5);
    for (const [title, shown] of updates) {
      expect(new Set(shown).size, `${title} printed twice alike`).toBe(shown.length);
      expect(shown.filter((box) => box.includes('│ Running in Neon…')).length, title).toBeLessThanOrEqual(1);
    }
  });

  it('cuts nothing: help in full, lines wrapped at words within the width', () => {
    const slash = /^Mia types `(\S+) help`/.exec(steps[0]!.header)?.[1];
    expect(slash).toBeDefined();
    const help = flat(step(/^Mia types `\S+ help`$/).lines);
    // The admin entry lists its actions one by one.
    for (const s of [...SUBCOMMANDS.filter((c) => c.name !== 'admin'), ...ADMIN_ACTIONS]) {
      expect(help).toContain(`${slash} ${s.usage}`);
      expect(help).toContain(s.description.replace(/\s+/g, ' '));
    }
    expect(help).toContain('Nothing is done in Neon until someone approves.');
    // A line is wider than the width only when it is one word too long for any line (a URL path).
    for (const line of transcript) if ([...line].length > WIDTH) expect(line, 'an overlong line').toMatch(/^\s*\S+$/);
  });

  it('draws messages and modals as boxes with their buttons, markup rendered for a terminal', () => {
    const drawn = boxes(transcript);
    expect(drawn.length).toBeGreaterThan(10);
    for (const box of drawn) {
      const width = [...box[0]!].length;
      for (const line of box) expect([...line].length, line).toBe(width);
    }
    const all = drawn.map((b) => b.join('\n')).join('\n');
    expect(all).toContain('│ [ Approve ] [ Deny ]');
    expect(all).toContain('│ [ Reveal key ]');
    expect(all).toMatch(/\[ Cancel \] \[ Check and save \] │/);
    expect(all).toMatch(/┌─ Connect your Neon key ─+┐/);
    expect(all).toContain('│ @Mia asks for an invitation to the Neon organization as member.');
    expect(flat(transcript)).toMatch(/Done: @Tom's role changed from member to admin until .+?, then back to member\./);
    expect(run.output).toContain('Denied by @Bob');
    expect(run.output).toContain('already a member');
    expect(run.output).toContain('was already shown');
    // No Slack markup left over: bold marks, raw mentions, escapes, emoji codes.
    expect(run.output).not.toMatch(/\*member\*|\*admin\*|<@[UW][A-Z0-9]+>|&(lt|gt|amp);|:[a-z_]+:(?!\d)/);
  });

  it('names everyone in its cast line', () => {
    const cast = transcript
      .slice(
        0,
        transcript.findIndex((l) => l.startsWith('Bot up')),
      )
      .join(' ');
    const actors = steps.map((s) => /^(\w+)/.exec(s.header)![1]!);
    const mentioned = [...run.output.matchAll(/@([A-Z][a-z]+)\b/g)].map((m) => m[1]!);
    const everyone = new Set([...actors, ...mentioned]);
    expect([...everyone].sort()).toEqual(['Ada', 'Bob', 'Dan', 'Mia', 'Tom']);
    for (const name of everyone) expect(cast).toContain(name);
  });

  it('ends by pointing at the playground and at an audit command that verifies its history', async () => {
    expect(transcript).toContain('  npm run playground');
    const command = transcript.find((l) => /^ {2}npm run audit -- verify\b/.test(l))?.trim();
    expect(command).toBeDefined();
    const recorded = /(\d+) events recorded, hash-chained/.exec(run.output)?.[1];
    const audit = await npm(command!.split(' ').slice(1));
    expect(audit.code, audit.output).toBe(0);
    expect(audit.stdout).toContain(`audit verify: ok, ${recorded} events, chain intact`);
    // Neither the demo nor the audit leaves its database server running.
    expect(existsSync(join(root, 'demo-data', 'pg', 'postmaster.pid'))).toBe(false);
  }, 60_000);
});
