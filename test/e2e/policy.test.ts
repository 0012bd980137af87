import { beforeAll, describe, expect, it } from 'vitest';
import { type FakeMessage, visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS, eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, requestIdIn } from '../support/conversation.ts';
import { withPolicyFile } from '../support/policy-file.ts';
import { eventsOf } from '../support/request-events.ts';

const H = 3_600_000;
/** Projects the policy names; the emulator gets them with these ids once it runs. */
const DEV = 'pol-dev-1';
const PROD = 'pol-prod-1';
const PROD_CHANNEL = 'CPRODKEYS';
/** Two projects one rule covers with a quota of one, for asks that race. */
const PAIR = ['pol-a-1', 'pol-b-1'] as const;

const POLICY = `
autoApprove:
  - name: dev-keys
    kinds: [key]
    projects: [${DEV}]
    maxDuration: 8h
    quota: { requests: 2, per: 1d }
  - name: pair-keys
    kinds: [key]
    projects: [${PAIR.join(', ')}]
    quota: { requests: 1, per: 1d }
durations:
  key: { max: 14d, default: 2d }
  role: { max: 4h }
projects:
  ${PROD}:
    approvers: [${PEOPLE.teammate.id}]
    channel: ${PROD_CHANNEL}
    durations: { max: 1d, default: 4h }
breakGlass:
  enabled: true
  minReasonLength: 12
`;

const h = useHarness(withPolicyFile(POLICY));
const talk = conversation(h);

beforeAll(() => {
  h.neon.addProject({ name: 'policy-dev', id: DEV });
  h.neon.addProject({ name: 'policy-prod', id: PROD });
  h.slack.addChannel(PROD_CHANNEL);
  for (const id of PAIR) h.neon.addProject({ name: id, id });
});

const keyPosts = () => h.neon.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/api_keys'));
const textOf = (channel: string, card: FakeMessage) => visibleText(h.slack.message(channel, card.ts)!);
const cardIn = (channel: string, id: string) =>
  eventually(
    () => h.slack.messages(channel).find((m) => visibleText(m).includes(id)),
    10_000,
    `the card of ${id} in ${channel}`,
  );

describe('auto-approval by a policy rule', () => {
  it('approves as the rule, carries it out with the fallback key, and says which rule on the card and in the audit', async () => {
    const reply = await talk.ask(PEOPLE.member.id, `key ${DEV} for 2h debugging a flaky test`);
    expect(reply).toContain('approved automatically by policy rule `dev-keys`');
    const id = requestIdIn(reply);

    const row = await talk.status(id, 'done', 20_000);
    expect(row).toMatchObject({
      decidedBy: 'policy:dev-keys',
      executedWith: 'fallback',
      projectId: DEV,
      durationMs: 2 * H,
    });
    const posts = keyPosts().filter((p) => JSON.stringify(p.body).includes(id));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.authorization).toBe(h.adminKey);

    const card = await talk.card(id);
    const shown = await talk.cardSaying(card, 'Done');
    expect(shown).toContain('Approved automatically by policy rule `dev-keys`');
    expect(shown).toContain('shared fallback Neon key');
    expect(await talk.auditLine(id, 'approved automatically')).toContain('policy rule `dev-keys`');

    const approval = (await eventsOf(h.db.pool, id)).find((e) => e.event === 'approve');
    expect(approval).toMatchObject({ actorId: 'system', detail: { rule: 'dev-keys' } });
    expect(await talk.dm(PEOPLE.member.id, id, 'approved by policy rule')).toContain('`dev-keys`');
  });

  it('a request the rule does not cover (too long) waits for a person as before', async () => {
    const reply = await talk.ask(PEOPLE.member.id, `key ${DEV} for 1d long soak test`);
    expect(reply).toContain('An approver has been asked');
    const id = requestIdIn(reply);
    const card = await talk.card(id);
    expect(visibleText(card)).toContain('Approve');
    await talk.approve(PEOPLE.admin.id, card);
    expect(await talk.status(id, 'done', 20_000)).toMatchObject({ decidedBy: PEOPLE.admin.id });
  });

  it('once the quota is spent, the next request in the window goes to a person, and the requester is told why', async () => {
    const asker = PEOPLE.teammate.id;
    for (const n of [1, 2]) {
      const reply = await talk.ask(asker, `key ${DEV} for 1h run ${n}`);
      expect(reply).toContain('approved automatically');
      await talk.status(requestIdIn(reply), 'done', 20_000);
    }
    const reply = await talk.ask(asker, `key ${DEV} for 1h run 3`);
    expect(reply).toContain(
      'Policy rule `dev-keys` approves at most 2 of your requests per 1d and that is used up, so an approver has been asked',
    );
    const id = requestIdIn(reply);
    const card = await talk.card(id);
    expect(visibleText(card)).toContain('Approve');
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');
    // Nothing of the refused approval was kept: no approval event, no execution.
    expect((await eventsOf(h.db.pool, id)).map((e) => e.event)).toEqual(['create']);

    await talk.approve(PEOPLE.admin.id, card);
    expect(await talk.status(id, 'done', 20_000)).toMatchObject({ decidedBy: PEOPLE.admin.id });
  });

  it('/neon help says some requests are approved automatically, and never that every one waits for an approver', async () => {
    const help = await talk.ask(PEOPLE.member.id, 'help');
    expect(help).toContain("Some requests are approved automatically by your team's policy");
    expect(help).toContain('In an emergency an approver may approve their own request');
    expect(help).not.toContain('Nothing is done in Neon until someone approves');
  });
});

describe('a quota under concurrent asks', () => {
  it('two asks at once by one person, one left in the quota: exactly one is approved by the rule', async () => {
    const asker = PEOPLE.admin2.id;
    const before = h.slack.ephemerals(asker).length;
    await Promise.all(PAIR.map((project) => h.driver.command(asker, `key ${project} for 1h race`)));
    const replies = await eventually(
      () => {
        const mine = h.slack
          .ephemerals(asker)
          .slice(before)
          .map((m) => visibleText(m));
        return mine.length === 2 ? mine : undefined;
      },
      20_000,
      'both replies',
    );
    expect(replies.filter((r) => r.includes('approved automatically by policy rule `pair-keys`'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('approves at most 1 of your requests per 1d'))).toHaveLength(1);
  });
});

describe('durations from the policy', () => {
  it('refuses beyond the project’s own maximum before any card', async () => {
    // Cards of this person's asks only: an earlier test's card may still be landing.
    const cardsOfMember = () =>
      [PROD_CHANNEL, CHANNELS.approvals]
        .flatMap((ch) => h.slack.messages(ch))
        .filter((m) => visibleText(m).includes(PEOPLE.member.id)).length;
    const before = await talk.requestCountOf(PEOPLE.member.id);
    const cards = cardsOfMember();
    const reply = await talk.ask(PEOPLE.member.id, `key ${PROD} for 2d`);
    expect(reply).toContain(`A key for project \`${PROD}\` can be asked for at most 1d`);
    expect(await talk.requestCountOf(PEOPLE.member.id)).toBe(before);
    expect(cardsOfMember()).toBe(cards);
  });

  it('the kind’s maximum replaces KEY_MAX_DURATION and ROLE_MAX_DURATION', async () => {
    expect(await talk.ask(PEOPLE.member.id, 'key shop for 20d')).toContain(
      'A project key can be asked for at most 14d',
    );
    expect(await talk.ask(PEOPLE.teammate.id, 'role admin for 1d')).toContain('A temporary role lasts at most 4h');
  });

  it('the key form refuses it in the form itself once the project is picked', async () => {
    await h.driver.command(PEOPLE.member.id, 'key');
    const modal = await eventually(
      () => h.slack.views(PEOPLE.member.id).find((v) => v.callback_id === 'key_request'),
      10_000,
      'the key form',
    );
    const res = await h.driver.viewSubmission(PEOPLE.member.id, modal, {
      key_project: {
        key_project_select: {
          type: 'external_select',
          selected_option: { text: { type: 'plain_text', text: 'policy-prod' }, value: PROD },
        },
      },
      key_duration: { key_duration_input: { type: 'plain_text_input', value: '3d' } },
      key_reason: { key_reason_input: { type: 'plain_text_input', value: '' } },
    });
    expect(res.body).toMatchObject({
      response_action: 'errors',
      errors: { key_duration: expect.stringContaining(`A key for project ${PROD} can be asked for at most 1d`) },
    });
  });
});

describe('per-project approvers', () => {
  it('cards the project’s channel, lets only its approvers decide, and takes its default duration', async () => {
    const approvalsBefore = h.slack.messages(CHANNELS.approvals).length;
    const reply = await talk.ask(PEOPLE.member.id, `key ${PROD} release checks`);
    const id = requestIdIn(reply);
    expect((await h.bot.ctx.store.get(id))?.durationMs).toBe(4 * H);

    const card = await cardIn(PROD_CHANNEL, id);
    expect(h.slack.messages(CHANNELS.approvals).length).toBe(approvalsBefore);

    // Ada approves everything else, but this project's policy names its own approvers.
    const before = h.slack.ephemerals(PEOPLE.admin.id).length;
    await h.driver.blockAction(PEOPLE.admin.id, {
      actionId: 'approve_request',
      message: { channel: PROD_CHANNEL, ts: card.ts },
    });
    const refusal = await eventually(
      () =>
        h.slack
          .ephemerals(PEOPLE.admin.id)
          .slice(before)
          .map((m) => visibleText(m))[0],
      10_000,
      'the refusal',
    );
    expect(refusal).toContain(`Key requests for project \`${PROD}\` are decided by that project's own approvers`);
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');

    // Tom is no global approver, but he is this project's.
    await h.driver.blockAction(PEOPLE.teammate.id, {
      actionId: 'approve_request',
      message: { channel: PROD_CHANNEL, ts: card.ts },
    });
    expect(await talk.status(id, 'done', 20_000)).toMatchObject({
      decidedBy: PEOPLE.teammate.id,
      executedWith: 'fallback',
    });
    await eventually(
      () => (textOf(PROD_CHANNEL, card).includes('Done') ? true : undefined),
      10_000,
      'the routed card to say Done',
    );
  });
});

describe('break-glass', () => {
  it('an approver approves their own request only with a typed reason, told to the audit channel and every approver', async () => {
    const reply = await talk.ask(PEOPLE.admin.id, 'key shop for 1h prod incident');
    const id = requestIdIn(reply);
    const card = await talk.card(id);

    // Deny stays refused on one's own request; Approve opens the reason form instead.
    expect(await talk.clickAndHear(PEOPLE.admin.id, 'deny_request', card)).toContain(
      'cannot decide on your own request',
    );
    await talk.approve(PEOPLE.admin.id, card);
    const modal = await eventually(
      () => h.slack.views(PEOPLE.admin.id).find((v) => v.callback_id === 'break_glass'),
      10_000,
      'the break-glass form',
    );
    expect(visibleText({ blocks: modal.blocks })).toContain('your own');

    const reason = (value: string) => ({
      break_glass_reason: { break_glass_reason_input: { type: 'plain_text_input', value } },
    });
    const short = await h.driver.viewSubmission(PEOPLE.admin.id, modal, reason('urgent'));
    expect(short.body).toMatchObject({
      response_action: 'errors',
      errors: { break_glass_reason: expect.stringContaining('at least 12 characters') },
    });
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');

    const why = 'prod is down <!channel> and Bob is asleep';
    const submitted = await h.driver.viewSubmission(PEOPLE.admin.id, modal, reason(why));
    expect(submitted.status).toBe(200);
    expect(await talk.status(id, 'done', 20_000)).toMatchObject({ decidedBy: PEOPLE.admin.id, decisionNote: why });

    const approval = (await eventsOf(h.db.pool, id)).find((e) => e.event === 'approve');
    expect(approval).toMatchObject({ actorId: PEOPLE.admin.id, detail: { breakGlass: true, reason: why } });
    const line = await talk.auditLine(id, 'BREAK-GLASS');
    expect(line).toContain('on their own request');
    expect(line).toContain('prod is down');
    expect(await talk.dm(PEOPLE.admin2.id, id, 'Break-glass')).toContain('prod is down');
    expect(await talk.cardSaying(card, 'Break-glass')).toContain(`<@${PEOPLE.admin.id}> approved their own request`);
    // The reason is shown, never obeyed: no channel-wide ping reached Slack.
    expect(h.slack.containsText('<!channel>')).toBe(false);
  });

  it('never approves a removal: the asker is refused as without break-glass, and no form opens', async () => {
    const id = requestIdIn(await talk.ask(PEOPLE.admin.id, `admin remove ${PEOPLE.teammate.email} urgent`));
    const card = await talk.card(id);
    const forms = h.slack.views(PEOPLE.admin.id).length;
    expect(await talk.clickAndHear(PEOPLE.admin.id, 'approve_request', card)).toContain(
      'cannot decide on your own request',
    );
    expect(h.slack.views(PEOPLE.admin.id)).toHaveLength(forms);
    expect((await h.bot.ctx.store.get(id))?.status).toBe('pending');
  });
});
