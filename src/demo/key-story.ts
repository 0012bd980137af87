import { eventually } from '../../sandbox/eventually.ts';
import { CHANNELS, PEOPLE } from '../../sandbox/stage.ts';
import { type Scene, told } from './scene.ts';
import { askedId, messageWith, waitForStatus } from './waits.ts';

/** The project-key part of the story: asked, approved, revealed once, and a second Reveal refused. */
export async function playProjectKey(scene: Scene): Promise<void> {
  const { stage, n, slash } = scene;
  const { member, admin } = PEOPLE;
  const dm = () => stage.slack.messages(stage.slack.dmChannelOf(member.id) ?? '-');
  const reveals = () =>
    stage.slack.calls('views.open').filter((c) => JSON.stringify(c.args.view).includes('key_reveal'));

  n.step(member.id, `types \`${slash} key billing-api for 8h debugging invoices\``);
  const before = stage.slack.ephemerals(member.id).length;
  await stage.driver.command(member.id, 'key billing-api for 8h debugging invoices');
  const id = await askedId(stage, member.id, before);
  const card = await messageWith(stage, CHANNELS.approvals, id);
  await told(scene);

  n.step(admin.id, 'clicks Approve: Neon creates a key for that one project, named after the request');
  await stage.driver.blockAction(admin.id, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  await waitForStatus(stage, id, 'done');
  const notice = await eventually(() =>
    dm().find((m) => JSON.stringify(m.blocks).includes('reveal_key') && JSON.stringify(m.blocks).includes(id)),
  );
  await told(scene);
  n.note('(The DM names the key but does not hold it: the bot keeps it sealed until Mia reveals it.)');

  n.step(member.id, 'clicks Reveal key in her DM (the transcript masks the key)');
  await stage.driver.blockAction(member.id, {
    actionId: 'reveal_key',
    message: { channel: notice.channel, ts: notice.ts },
  });
  await eventually(() => reveals().length === 1);
  await told(scene);

  n.step(member.id, 'clicks Reveal key again');
  const answered = stage.slack.ephemerals(member.id).length;
  await stage.driver.blockAction(member.id, {
    actionId: 'reveal_key',
    message: { channel: notice.channel, ts: notice.ts },
  });
  await eventually(() => stage.slack.ephemerals(member.id).length > answered);
  await told(scene);
  n.note(`(In 8 hours a scheduled job revokes the key; \`${slash} revoke <key id>\` does it at once.)`);
}
