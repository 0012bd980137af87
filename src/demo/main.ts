/**
 * `npm run demo`: the whole flow with no Slack or Neon account. It boots the embedded database,
 * the project's own Neon emulator and fake Slack (the ones the tests use), the real bot wired to
 * them, plays a short story through signed HTTP requests, and prints what each side saw.
 */
import { Writable } from 'node:stream';
import { CHANNELS, PEOPLE, type Stage, startStage } from '../../sandbox/stage.ts';
import { DEMO_DATA_DIR, freshDemoData } from './demo-data.ts';
import { playExtension } from './extend-story.ts';
import { playProjectKey } from './key-story.ts';
import { type Cast, Narrator } from './narrator.ts';
import { DAN, playAccess } from './story.ts';
import { wrap } from './text-wrap.ts';

/** A reader that went away (`npm run demo | head`) stops the printing, not the run: it still stops what it started. */
let reading = true;
process.stdout.on('error', () => {
  reading = false;
});
const out = (line: string) => {
  if (reading) process.stdout.write(`${line}\n`);
};
const firstName = (p: { realName: string }) => p.realName.split(' ')[0]!;
const listed = (names: string[]) => `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** Lines fit the terminal (between 60 and 120 columns); piped, 80. */
const WIDTH = process.stdout.isTTY ? Math.min(120, Math.max(60, process.stdout.columns || 80)) : 80;
/** A paragraph of the demo's own, broken at words to the width. */
const say = (text: string) => {
  for (const line of wrap(text, WIDTH)) out(line);
};

const ASKERS = [PEOPLE.member, PEOPLE.teammate, DAN];
const APPROVERS = [PEOPLE.admin, PEOPLE.admin2];

/** Who is who in the transcript: every person and channel by name, every Neon key by whose it is. */
function castOf(stage: Stage, bobKey: string): Cast {
  const names: Record<string, string> = {
    [CHANNELS.approvals]: '#approvals',
    [CHANNELS.audit]: '#audit',
    [CHANNELS.general]: '#general',
  };
  const roles: Record<string, string> = {};
  for (const p of [...Object.values(PEOPLE), DAN]) names[p.id] = firstName(p);
  for (const p of APPROVERS) roles[p.id] = 'an approver';
  return {
    names,
    roles,
    keys: { [stage.adminKey]: 'NEON_API_KEY', [bobKey]: "Bob's own key" },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  say(
    `neon-access-bot demo on Node ${process.version}: the real bot, an embedded PostgreSQL, and the project's own Slack and Neon stand-ins.`,
  );
  say(
    `Nothing here reaches the internet. Cast: ${listed(ASKERS.map(firstName))} ask; ${listed(APPROVERS.map(firstName))} approve. ` +
      'Cards go to #approvals, the trail to #audit. NEON_API_KEY is the shared key that acts for an approver who connected none of their own.',
  );
  let stage: Stage | undefined;
  try {
    const dataDir = await freshDemoData();
    // The bot's command name is the one thing of the operator's environment the demo takes.
    stage = await startStage({ logDestination, dataDir, env: { SLASH_COMMAND: process.env.SLASH_COMMAND } });
    say(`Bot up on port ${stage.bot.port} with an embedded database (${seconds()} s).`);
    stage.slack.addUser(DAN);
    // Bob is an admin in Neon too, with a personal key of his own to connect.
    const bob = stage.neon.addUser({ email: PEOPLE.admin2.email, name: 'Bob' });
    stage.neon.addMember(bob.id, 'admin');
    const n = new Narrator(
      stage.slack,
      stage.neon,
      castOf(stage, bob.personalKey),
      { width: WIDTH, ansi: process.stdout.isTTY === true },
      out,
    );
    n.skip();
    const scene = { stage, n, slash: stage.bot.ctx.config.slack.command, bobKey: bob.personalKey };
    await playAccess(scene);
    await playExtension(scene, await playProjectKey(scene));
    const { rows } = await stage.bot.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request_events');
    out('');
    say(
      `Done in ${seconds()} s: ${rows[0]!.n} events recorded, hash-chained, in the demo's database (./${DEMO_DATA_DIR}, kept until the next demo).`,
    );
    out('Next:');
    out('  npm run playground');
    out('      the same bot and stand-ins in your browser: play these stories by clicking');
    out(`  npm run audit -- verify --data-dir ${DEMO_DATA_DIR}`);
    out("      checks the demo's hash-chained history");
  } catch (err) {
    out(`\nThe demo failed: ${err instanceof Error ? err.message : String(err)}`);
    out('Last log lines:');
    out(logs.join('').trim().split('\n').slice(-15).join('\n'));
    process.exitCode = 1;
  } finally {
    await stage?.stop();
  }
}

await main();
