import { describe, expect, it } from 'vitest';
import type { FakeEphemeral, FakeMessage } from '../../sandbox/slack/index.ts';
import { visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, eventually, type Harness, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, requestIdIn } from '../support/conversation.ts';

const NUDGE = 'nudge_approvers';
const GAP_MS = 30 * 60_000;
const NUDGED = 'is still waiting for a decision on';

/** Slack's date token for `ms`, as the bot writes times (the fallback text follows it). */
const timeToken = (ms: number) => `<!date^${Math.floor(ms / 1000)}^`;

function nudging(h: Harness) {
  const talk = conversation(h);
  const lastEphemeral = (userId: string): FakeEphemeral => h.slack.ephemerals(userId).at(-1)!;

  /** Presses Nudge approvers on a message only `userId` sees, and reads the answer only they see. */
  async function press(userId: string, on: FakeEphemeral | FakeMessage, requestId: string): Promise<string> {
    const before = h.slack.ephemerals(userId).length;
    const res = await h.driver.blockAction(userId, {
      actionId: NUDGE,
      value: requestId,
      message: { channel: on.channel ?? '-', ts: on.ts },
    });
    expect(res.status).toBe(200);
    return eventually(
      () => {
        const mine = h.slack.ephemerals(userId);
        return mine.length > before ? visibleText(mine.at(-1)!) : undefined;
      },
      5_000,
      `the answer to ${userId}'s nudge`,
    );
  }

  /** Asks, and returns the request id with the reply that carries its Nudge button. */
  async function ask(userId: string, text: string): Promise<{ id: string; reply: FakeEphemeral }> {
    const id = requestIdIn(await talk.ask(userId, text));
    return { id, reply: lastEphemeral(userId) };
  }

  const nudgedAt = async (id: string): Promise<number> => (await h.bot.ctx.store.get(id))!.nudgedAt!.getTime();

  return { talk, press, ask, nudgedAt, lastEphemeral };
}

describe('cards in the approval channel', () => {
  const h = useHarness();
  const { talk, press, ask, nudgedAt, lastEphemeral } = nudging(h);
  const threadUnder = (card: FakeMessage) =>
    h.slack.messages(CHANNELS.approvals).filter((m) => m.thread_ts === card.ts && m.ts !== card.ts);

  it('the ask’s reply nudges in a thread under the card; again within 30 min is refused with the time; after it, allowed from /neon mine', async () => {
    const { id, reply } = await ask(PEOPLE.member.id, 'invite member please look');
    expect(visibleText(reply)).toContain('Nudge approvers');
    const card = await talk.card(id);

    const first = await press(PEOPLE.member.id, reply, id);
    const at = await nudgedAt(id);
    expect(first).toContain('were reminded');
    expect(first).toContain(timeToken(at + GAP_MS));
    const thread = await eventually(() => (threadUnder(card).length === 1 ? threadUnder(card) : undefined));
    const said = visibleText(thread[0]!);
    expect(said).toContain(NUDGED);
    expect(said).toContain(`<@${PEOPLE.admin.id}>`);
    expect(said).toContain(`<@${PEOPLE.admin2.id}>`);
    // A thread reply, not a new card.
    expect(
      h.slack.messages(CHANNELS.approvals).filter((m) => !m.thread_ts && visibleText(m).includes(id)),
    ).toHaveLength(1);

    const again = await press(PEOPLE.member.id, reply, id);
    expect(again).toContain('less than 30 minutes ago');
    expect(again).toContain(timeToken(at + GAP_MS));
    expect(await nudgedAt(id)).toBe(at);

    // 31 minutes pass, as the stored time of the last nudge says.
    await h.db.pool.query(`UPDATE requests SET nudged_at = nudged_at - interval '31 minutes' WHERE id = $1`, [id]);
    await talk.ask(PEOPLE.member.id, 'mine');
    const mine = lastEphemeral(PEOPLE.member.id);
    expect(visibleText(mine)).toContain(`Nudge approvers: ${id}`);
    expect(await press(PEOPLE.member.id, mine, id)).toContain('were reminded');
    await eventually(() => threadUnder(card).length === 2, 5_000, 'a second thread reply');
    expect(h.slack.violations).toEqual([]);
  });

  it('two presses at once nudge once', async () => {
    const { id, reply } = await ask(PEOPLE.member.id, 'key shop for 1h twice at once');
    const card = await talk.card(id);
    const before = h.slack.ephemerals(PEOPLE.member.id).length;
    const click = () =>
      h.driver.blockAction(PEOPLE.member.id, { actionId: NUDGE, message: { channel: reply.channel!, ts: reply.ts } });
    await Promise.all([click(), click()]);
    const answers = await eventually(() => {
      const mine = h.slack.ephemerals(PEOPLE.member.id).slice(before);
      return mine.length === 2 ? mine.map((m) => visibleText(m)) : undefined;
    });
    // Each press gets its own answer; exactly one nudged.
    const outcome = (a: string) =>
      a.includes('were reminded') ? 'nudged' : a.includes('less than 30 minutes') && 'refused';
    expect(answers.map(outcome).sort()).toEqual(['nudged', 'refused']);
    await eventually(() => threadUnder(card).length >= 1);
    const { rows } = await h.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'nudge-approvers' AND data->>'requestId' = $1`,
      [id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('only the requester may nudge, and a decided request cannot be nudged', async () => {
    const { id, reply } = await ask(PEOPLE.member.id, 'key billing-api for 1h decide me first');
    const card = await talk.card(id);
    // Someone else's press (a crafted click: they never see the requester's reply) from their Home.
    await h.driver.blockAction(PEOPLE.teammate.id, { actionId: NUDGE, blockId: `home-nudge:${id}`, value: id });
    const refusal = await eventually(
      () => h.slack.views(PEOPLE.teammate.id).find((v) => v.callback_id === 'click_answer'),
      5_000,
      'the answer over the Home',
    );
    expect(visibleText({ blocks: refusal.blocks })).toContain('Only the person who asked');
    expect((await h.bot.ctx.store.get(id))?.nudgedAt).toBeNull();

    await talk.approve(PEOPLE.admin.id, card);
    await talk.status(id, 'done', 20_000);
    const late = await press(PEOPLE.member.id, reply, id);
    expect(late).toContain(`Request \`${id}\` is already done, so there is nobody to nudge`);
    expect(threadUnder(card)).toHaveLength(0);
  });

  it('the Home shows the button on a pending request, and a press there answers over the Home', async () => {
    const { id, reply } = await ask(PEOPLE.teammate.id, 'role admin for 1h home nudge');
    await press(PEOPLE.teammate.id, reply, id);
    const at = await nudgedAt(id);
    await h.driver.event({ type: 'app_home_opened', user: PEOPLE.teammate.id, channel: 'DTEAMMATE', tab: 'home' });
    const home = await eventually(() => h.slack.homeView(PEOPLE.teammate.id), 5_000, 'the Home');
    const block = home.blocks.find((b) => b.block_id === `home-nudge:${id}`);
    expect(block).toBeDefined();
    const answerShown = () => h.slack.views(PEOPLE.teammate.id).find((v) => v.callback_id === 'click_answer');
    const before = answerShown()?.id;
    await h.driver.blockAction(PEOPLE.teammate.id, {
      actionId: NUDGE,
      blockId: `home-nudge:${id}`,
      view: { id: home.id },
    });
    // Each answer is a new modal, replacing the one before.
    const answer = await eventually(() => {
      const shown = answerShown();
      return shown && shown.id !== before ? visibleText({ blocks: shown.blocks }) : undefined;
    });
    expect(answer).toContain('less than 30 minutes ago');
    expect(answer).toContain(timeToken(at + GAP_MS));
  });
});

describe('cards in the approvers’ DMs', () => {
  const h = useHarness({ env: { APPROVAL_CHANNEL_ID: undefined } });
  const { press, ask } = nudging(h);
  const dms = (userId: string) => h.slack.messages(h.slack.dmChannelOf(userId) ?? '-');

  it('a nudge is a new DM to each approver, beside their card', async () => {
    const { id, reply } = await ask(PEOPLE.member.id, 'invite member dm nudge');
    for (const approver of [PEOPLE.admin.id, PEOPLE.admin2.id])
      await eventually(
        () => dms(approver).some((m) => visibleText(m).includes(id)),
        5_000,
        `the card in ${approver}'s DMs`,
      );
    expect(await press(PEOPLE.member.id, reply, id)).toContain('were reminded');
    for (const approver of [PEOPLE.admin.id, PEOPLE.admin2.id]) {
      const nudge = await eventually(
        () => dms(approver).find((m) => visibleText(m).includes(NUDGED) && visibleText(m).includes(id)),
        5_000,
        `the nudge in ${approver}'s DMs`,
      );
      expect(nudge.thread_ts).toBeUndefined();
    }
  });
});
