import { eventually } from '../../sandbox/eventually.ts';
import { PEOPLE } from '../../sandbox/stage.ts';
import { approve, ask } from './asks.ts';
import { type Scene, told } from './scene.ts';

/**
 * The project-key part of the story: asked, approved, revealed once, and a second Reveal refused.
 * Resolves with the key's request id, the grant the story goes on to extend.
 */
export async function playProjectKey(scene: Scene): Promise<string> {
  const { stage, n, slash } = scene;
  const { member, admin } = PEOPLE;
  const dm = () => stage.slack.messages(stage.slack.dmChannelOf(member.id) ?? '-');
  const reveals = () =>
    stage.slack.calls('views.open').filter((c) => JSON.stringify(c.args.view).includes('key_reveal'));

  const id = await ask(scene, member.id, 'key billing-api for 8h debugging invoices');
  await approve(
    scene,
    admin.id,
    id,
    'clicks Approve: Neon creates a key for that one project, named after the request',
  );
  const notice = await eventually(() =>
    dm().find((m) => JSON.stringify(m.blocks).includes('reveal_key') && JSON.stringify(m.blocks).includes(id)),
  );
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
  return id;
}
