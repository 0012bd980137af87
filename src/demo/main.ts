/**
 * `npm run demo`: the whole flow with no Slack or Neon account. It boots the embedded database,
 * the project's own Neon emulator and fake Slack (the ones the tests use), the real bot wired to
 * them, plays a short story through signed HTTP requests, and prints what each side saw.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { eventually } from '../../sandbox/eventually.ts';
import { CHANNELS, PEOPLE, type Stage, startStage } from '../../sandbox/stage.ts';
import type { RequestStatus } from '../domain/request.ts';
import { playProjectKey } from './key-story.ts';
import { Narrator } from './narrator.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function waitForStatus(stage: Stage, id: string, status: RequestStatus): Promise<void> {
  await eventually(async () => (await stage.bot.ctx.store.get(id))?.status === status, 10_000, `${id} to be ${status}`);
}

/** The id in the bot's reply to the asker's last command. */
async function askedId(stage: Stage, userId: string, before: number): Promise<string> {
  return eventually(
    () => {
      const replies = stage.slack.ephemerals(userId).slice(before);
      const text = replies.map((r) => JSON.stringify(r)).join(' ');
      return /R-[2-9A-HJKMNP-Z]{8}/.exec(text)?.[0];
    },
    10_000,
    'the request id',
  );
}

async function play(stage: Stage, n: Narrator): Promise<void> {
  const { member, admin, admin2 } = PEOPLE;
  const slash = stage.bot.ctx.config.slack.command;
  const card = (id: string) =>
    eventually(() => stage.slack.messages(CHANNELS.approvals).find((m) => JSON.stringify(m.blocks).includes(id)));

  n.step('Mia', `types \`${slash} help\``);
  await stage.driver.command(member.id, 'help');
  await eventually(() => stage.slack.calls('response_url').length > 0);
  n.flush();

  n.step('Mia', `types \`${slash} invite member joining the data team\``);
  let before = stage.slack.ephemerals(member.id).length;
  await stage.driver.command(member.id, 'invite member joining the data team');
  const invite = await askedId(stage, member.id, before);
  n.flush();

  n.step('Ada (an approver)', 'clicks Approve on the card');
  await stage.driver.blockAction(admin.id, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: (await card(invite)).ts },
  });
  await waitForStatus(stage, invite, 'done');
  await eventually(() =>
    stage.slack
      .messages(CHANNELS.audit)
      .some((m) => JSON.stringify(m).includes(invite) && JSON.stringify(m).includes('Done')),
  );
  await eventually(() => stage.slack.messages(stage.slack.dmChannelOf(member.id) ?? '-').length > 0);
  n.flush();

  n.step('Tom', `types \`${slash} invite admin\` (he is already in the Neon org)`);
  before = stage.slack.ephemerals(PEOPLE.teammate.id).length;
  await stage.driver.command(PEOPLE.teammate.id, 'invite admin');
  await eventually(() => stage.slack.ephemerals(PEOPLE.teammate.id).length > before);
  n.flush();

  const dan = { id: 'UDANDEMO1', name: 'dan', realName: 'Dan Developer', email: 'dan@example.com' };
  stage.slack.addUser(dan);
  n.step('Dan', `types \`${slash} invite admin I want to see everything\``);
  before = stage.slack.ephemerals(dan.id).length;
  await stage.driver.command(dan.id, 'invite admin I want to see everything');
  const denied = await askedId(stage, dan.id, before);
  n.flush();

  n.step('Bob (an approver)', 'clicks Deny, types a reason and submits');
  await stage.driver.blockAction(admin2.id, {
    actionId: 'deny_request',
    message: { channel: CHANNELS.approvals, ts: (await card(denied)).ts },
  });
  const modal = await eventually(() => stage.slack.views(admin2.id).find((v) => v.callback_id === 'deny_reason'));
  await stage.driver.viewSubmission(admin2.id, modal, {
    note: { note_input: { type: 'plain_text_input', value: 'member is enough; ask again if you need more' } },
  });
  await waitForStatus(stage, denied, 'denied');
  await eventually(() => stage.slack.messages(stage.slack.dmChannelOf(dan.id) ?? '-').length > 0);
  n.flush();

  n.step('Tom', `types \`${slash} role admin for 2h on-call this evening\``);
  before = stage.slack.ephemerals(PEOPLE.teammate.id).length;
  await stage.driver.command(PEOPLE.teammate.id, 'role admin for 2h on-call this evening');
  const role = await askedId(stage, PEOPLE.teammate.id, before);
  const roleCard = await card(role);
  n.flush();

  n.step(
    'Bob (an approver)',
    'clicks Approve: Neon makes Tom an admin now, and the bot will make him a member again in 2 hours',
  );
  await stage.driver.blockAction(admin2.id, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: roleCard.ts },
  });
  await waitForStatus(stage, role, 'done');
  await eventually(() =>
    JSON.stringify(stage.slack.message(CHANNELS.approvals, roleCard.ts)?.blocks).includes('then back to'),
  );
  await eventually(() =>
    stage.slack
      .messages(CHANNELS.audit)
      .some((m) => JSON.stringify(m).includes(role) && JSON.stringify(m).includes('Done')),
  );
  await eventually(() =>
    stage.slack
      .messages(stage.slack.dmChannelOf(PEOPLE.teammate.id) ?? '-')
      .some((m) => JSON.stringify(m).includes(role)),
  );
  n.flush();
  n.note('(The demo does not wait two hours: the revert is a job scheduled for the time on the card.)');
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'neon-access-bot-demo-'));
  // As root the embedded server runs as its own system user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  out(
    `neon-access-bot demo on Node ${process.version}: the real bot, an embedded PostgreSQL, and the project's own Slack and Neon stand-ins.`,
  );
  out('Nothing here reaches the internet. Cast: Mia and Tom (members), Ada and Bob (approvers); #approvals, #audit.');
  let stage: Stage | undefined;
  try {
    // The bot's command name is the one thing of the operator's environment the demo takes.
    stage = await startStage({ logDestination, dataDir, env: { SLASH_COMMAND: process.env.SLASH_COMMAND } });
    out(
      `Bot up on port ${stage.bot.port} with an embedded database (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    const names: Record<string, string> = {
      [CHANNELS.approvals]: '#approvals',
      [CHANNELS.audit]: '#audit',
      [CHANNELS.general]: '#general',
      UDANDEMO1: 'Dan',
    };
    for (const p of Object.values(PEOPLE)) names[p.id] = p.realName.split(' ')[0]!;
    const narrator = new Narrator(
      stage.slack,
      stage.neon,
      { names, keys: { [stage.adminKey]: "Ada's personal key, the shared NEON_API_KEY fallback" } },
      out,
    );
    narrator.flush(); // start-up calls are not part of the story
    await play(stage, narrator);
    await playProjectKey(stage, narrator, { askedId, waitForStatus });
    const { rows } = await stage.bot.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request_events');
    out('');
    out(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows[0]!.n} events recorded, hash-chained, in the database.`,
    );
  } catch (err) {
    out(`\nThe demo failed: ${err instanceof Error ? err.message : String(err)}`);
    out('Last log lines:');
    out(logs.join('').trim().split('\n').slice(-15).join('\n'));
    process.exitCode = 1;
  } finally {
    await stage?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
