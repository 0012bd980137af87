import { eventually } from '../../sandbox/eventually.ts';
import type { Stage } from '../../sandbox/stage.ts';
import { CHANNELS, PEOPLE } from '../../sandbox/stage.ts';
import type { RequestStatus } from '../domain/request.ts';
import type { Narrator } from './narrator.ts';

export interface StoryTools {
  askedId(stage: Stage, userId: string, before: number): Promise<string>;
  waitForStatus(stage: Stage, id: string, status: RequestStatus): Promise<void>;
}

/** The project-key part of the story: asked, approved, revealed once, and a second Reveal refused. */
export async function playProjectKey(stage: Stage, n: Narrator, tools: StoryTools): Promise<void> {
  const { member, admin } = PEOPLE;
  const slash = stage.bot.ctx.config.slack.command;
  const dm = () => stage.slack.messages(stage.slack.dmChannelOf(member.id) ?? '-');
  const reveals = () =>
    stage.slack.calls('views.open').filter((c) => JSON.stringify(c.args.view).includes('key_reveal'));

  n.step('Mia', `types \`${slash} key billing-api for 8h debugging invoices\``);
  const before = stage.slack.ephemerals(member.id).length;
  await stage.driver.command(member.id, 'key billing-api for 8h debugging invoices');
  const id = await tools.askedId(stage, member.id, before);
  const card = await eventually(() =>
    stage.slack.messages(CHANNELS.approvals).find((m) => JSON.stringify(m.blocks).includes(id)),
  );
  n.flush();

  n.step('Ada (an approver)', 'clicks Approve: Neon creates a key for that one project, named after the request');
  await stage.driver.blockAction(admin.id, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  await tools.waitForStatus(stage, id, 'done');
  const notice = await eventually(() =>
    dm().find((m) => JSON.stringify(m.blocks).includes('reveal_key') && JSON.stringify(m.blocks).includes(id)),
  );
  await eventually(() =>
    stage.slack
      .messages(CHANNELS.audit)
      .some((m) => JSON.stringify(m).includes(id) && JSON.stringify(m).includes('Done')),
  );
  n.flush();
  n.note('(The DM names the key but does not hold it: the bot keeps it sealed until Mia reveals it.)');

  n.step('Mia', 'clicks Reveal key in her DM (the transcript masks the key)');
  await stage.driver.blockAction(member.id, {
    actionId: 'reveal_key',
    message: { channel: notice.channel, ts: notice.ts },
  });
  await eventually(() => reveals().length === 1);
  n.flush();

  n.step('Mia', 'clicks Reveal key again');
  const answered = stage.slack.ephemerals(member.id).length;
  await stage.driver.blockAction(member.id, {
    actionId: 'reveal_key',
    message: { channel: notice.channel, ts: notice.ts },
  });
  await eventually(() => stage.slack.ephemerals(member.id).length > answered);
  n.flush();
  n.note(`(In 8 hours a scheduled job revokes the key; \`${slash} revoke <key id>\` does it at once.)`);
}
