import { CHANNELS } from '../../sandbox/stage.ts';
import { type Scene, told } from './scene.ts';
import { askedId, messageWith, waitForStatus } from './waits.ts';

/** `who` types `text`; resolves with the request id of the reply once its card is in #approvals. */
export async function ask(scene: Scene, who: string, text: string): Promise<string> {
  const { stage, n, slash } = scene;
  n.step(who, `types \`${slash} ${text}\``);
  const before = stage.slack.ephemerals(who).length;
  await stage.driver.command(who, text);
  const id = await askedId(stage, who, before);
  await messageWith(stage, CHANNELS.approvals, id);
  await told(scene);
  return id;
}

/** An approver clicks Approve on the card of `id`; resolves once it is done and everyone was told. */
export async function approve(scene: Scene, approverId: string, id: string, what: string): Promise<void> {
  const { stage, n } = scene;
  const card = await messageWith(stage, CHANNELS.approvals, id);
  n.step(approverId, what);
  await stage.driver.blockAction(approverId, {
    actionId: 'approve_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  await waitForStatus(stage, id, 'done');
  await told(scene);
}
