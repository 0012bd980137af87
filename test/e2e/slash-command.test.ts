import { describe, expect, it } from 'vitest';
import { type FakeView, visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, requestIdIn } from '../support/conversation.ts';

// A workspace that also has Neon's own Slack app, which registers `/neon` too, runs the bot under
// another name: SLASH_COMMAND. What people type and everything the bot tells them use that name.

const SLASH = '/neon-access';
/** `/neon` as a command (followed by a space, a backtick, the end…), not `/neon-access`. */
const DEFAULT_NAME = /\/neon(?![\w-])/;

const h = useHarness({ env: { SLASH_COMMAND: SLASH } });
const talk = conversation(h);

/** Types `/neon-access <text>`, named here rather than left to the driver's default. */
async function ask(userId: string, text: string): Promise<string> {
  const before = h.slack.ephemerals(userId).length;
  const res = await h.driver.command(userId, text, { command: SLASH });
  expect(res.status).toBe(200);
  return eventually(
    () => {
      const mine = h.slack.ephemerals(userId);
      return mine.length > before ? visibleText(mine[mine.length - 1]!) : undefined;
    },
    5_000,
    `a reply to ${SLASH} ${text}`,
  );
}

describe(`SLASH_COMMAND=${SLASH}`, () => {
  it('help lists every command under that name', async () => {
    const help = await ask(PEOPLE.member.id, 'help');
    for (const usage of [
      'help [command]',
      'invite [admin|member|editor|viewer|collaborator] [reason…]',
      'key billing-api for 8h debugging invoices',
      'mine',
      'admin connect',
    ]) {
      expect(help).toContain(`${SLASH} ${usage}`);
    }
    expect(help).not.toMatch(DEFAULT_NAME);
  });

  it('a refused command is explained with that name', async () => {
    expect(await ask(PEOPLE.member.id, 'invte')).toBe(
      `\`${SLASH} invte\` is not a command. Did you mean \`${SLASH} invite\`? \`${SLASH} help\` lists them all.\n` +
        `Type \`${SLASH} help\` to see everything you can ask for.`,
    );
    expect(await ask(PEOPLE.member.id, 'cancel')).toContain(
      `\`${SLASH} cancel\` needs the id of your request, e.g. \`${SLASH} cancel R-7KQ2M9XD\``,
    );
  });

  it('an invitation asked for with it is carded, approved and carried out', async () => {
    const id = requestIdIn(await ask(PEOPLE.member.id, 'invite member joining the data team'));
    const card = await talk.card(id);
    await talk.approve(PEOPLE.admin.id, card);
    await talk.status(id, 'done', 10_000);
    expect(h.neon.invitations().map((i) => i.email)).toContain('mia@example.com');
    await talk.dm(PEOPLE.member.id, id, 'approved');
    await talk.auditLine(id, 'Done');
    expect(await ask(PEOPLE.member.id, 'mine')).toContain(
      `Withdraw a pending request with \`${SLASH} cancel &lt;request id&gt;\`.`,
    );
  });

  it('its other answers, forms and the Home tab name it too', async () => {
    expect(await ask(PEOPLE.member.id, 'role admin')).toContain(`Ask to join first with \`${SLASH} invite\`.`);
    expect(await ask(PEOPLE.member.id, 'key no-such-project')).toContain(
      `Type \`${SLASH} key\` alone to pick one from the list.`,
    );
    expect(await ask(PEOPLE.member.id, 'revoke 4242')).toContain(`\`${SLASH} mine\` lists yours.`);

    const opened = h.slack.calls('views.open').length;
    expect((await h.driver.command(PEOPLE.admin.id, 'admin connect', { command: SLASH })).status).toBe(200);
    await eventually(() => h.slack.calls('views.open')[opened], 5_000, 'the connect form');
    expect(JSON.stringify(h.slack.views(PEOPLE.admin.id)[0]?.blocks)).toContain(
      `${SLASH} admin disconnect removes it.`,
    );

    const published = h.slack.calls('views.publish').length;
    expect(
      (await h.driver.event({ type: 'app_home_opened', user: PEOPLE.member.id, channel: 'DMEMBER01', tab: 'home' }))
        .status,
    ).toBe(200);
    await eventually(() => h.slack.calls('views.publish').length > published, 10_000, 'the Home to be published');
    const home: FakeView | undefined = h.slack.homeView(PEOPLE.member.id);
    expect(visibleText({ blocks: home?.blocks ?? [] })).toContain(
      `Ask for more with \`${SLASH}\`: \`${SLASH} help\` lists what you can ask for.`,
    );
  });

  it('/neon is not its command: Slack gets no answer and nobody a reply', async () => {
    const before = h.slack.ephemerals(PEOPLE.member.id).length;
    // Bolt answers 404 once nothing has acked for 3 s; Slack would say the command failed.
    const res = await h.driver.command(PEOPLE.member.id, 'help', { command: '/neon' });
    expect(res.status).toBe(404);
    expect(h.slack.ephemerals(PEOPLE.member.id)).toHaveLength(before);
  });

  it('nothing the bot sent in this run names /neon', () => {
    const sent = h.slack.calls().map((c) => ({ method: c.method, text: JSON.stringify(c.args) }));
    expect(sent.filter((c) => DEFAULT_NAME.test(c.text))).toEqual([]);
    // The scan covers replies, cards, DMs, audit lines, forms and the Home, and they name the new command.
    const naming = new Set(
      sent.filter((c) => c.text.includes(`${SLASH} `) || c.text.includes(`\`${SLASH}\``)).map((c) => c.method),
    );
    expect([...naming].sort()).toEqual(expect.arrayContaining(['response_url', 'views.open', 'views.publish']));
    expect(h.slack.messages(CHANNELS.approvals).length).toBeGreaterThan(0);
    expect(h.slack.messages(h.slack.dmChannelOf(PEOPLE.member.id) ?? '-').length).toBeGreaterThan(0);
  });
});
