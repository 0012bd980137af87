import { eventually } from '../../sandbox/eventually.ts';
import type { FakeUser } from '../../sandbox/slack/index.ts';
import { CHANNELS, PEOPLE, type Stage } from '../../sandbox/stage.ts';
import { ADMIN_CONNECT_VIEW, KEY_ACTION, KEY_BLOCK } from '../slack/blocks/admin-connect-modal.ts';
import { approve, ask } from './asks.ts';
import { type Scene, told } from './scene.ts';
import { messageWith, waitForStatus } from './waits.ts';

/** Someone who appears only in the story: a newcomer whose ask is denied. */
export const DAN = {
  id: 'UDANDEMO1',
  name: 'dan',
  realName: 'Dan Developer',
  email: 'dan@example.com',
} satisfies FakeUser;

const dmTo = (stage: Stage, userId: string) => stage.slack.messages(stage.slack.dmChannelOf(userId) ?? '-');

async function help(scene: Scene): Promise<void> {
  const { stage, n, slash } = scene;
  n.step(PEOPLE.member.id, `types \`${slash} help\``);
  await stage.driver.command(PEOPLE.member.id, 'help');
  await eventually(() => stage.slack.calls('response_url').length > 0);
  await told(scene);
}

async function refusedAsk(scene: Scene): Promise<void> {
  const { stage, n, slash } = scene;
  const tom = PEOPLE.teammate.id;
  n.step(tom, `types \`${slash} invite admin\` (he is already in the Neon org)`);
  const before = stage.slack.ephemerals(tom).length;
  await stage.driver.command(tom, 'invite admin');
  await eventually(() => stage.slack.ephemerals(tom).length > before);
  await told(scene);
}

async function deny(scene: Scene, id: string): Promise<void> {
  const { stage, n } = scene;
  const bob = PEOPLE.admin2.id;
  const card = await messageWith(stage, CHANNELS.approvals, id);
  n.step(bob, "clicks Deny on Dan's card");
  await stage.driver.blockAction(bob, {
    actionId: 'deny_request',
    message: { channel: CHANNELS.approvals, ts: card.ts },
  });
  const modal = await eventually(() => stage.slack.views(bob).find((v) => v.callback_id === 'deny_reason'));
  await told(scene);

  n.step(bob, 'types a reason and submits');
  await stage.driver.viewSubmission(bob, modal, {
    note: { note_input: { type: 'plain_text_input', value: 'member is enough; ask again if you need more' } },
  });
  await waitForStatus(stage, id, 'denied');
  await eventually(() => dmTo(stage, DAN.id).length > 0);
  await told(scene);
}

/** Bob connects his own Neon key through the real modal: Neon confirms it is his and that he is an admin. */
async function connectOwnKey(scene: Scene): Promise<void> {
  const { stage, n, slash, bobKey } = scene;
  const bob = PEOPLE.admin2.id;
  n.step(bob, `types \`${slash} admin connect\`, to act in Neon with his own key`);
  await stage.driver.command(bob, 'admin connect');
  const modal = await eventually(() => stage.slack.views(bob).find((v) => v.callback_id === ADMIN_CONNECT_VIEW));
  await told(scene);

  n.step(bob, `pastes his personal Neon key (napi_…${bobKey.slice(-4)}) and clicks Check and save`);
  await stage.driver.viewSubmission(bob, modal, {
    [KEY_BLOCK]: { [KEY_ACTION]: { type: 'plain_text_input', value: bobKey } },
  });
  await messageWith(stage, CHANNELS.audit, 'connected their own Neon key');
  await told(scene);
}

/** The part of the story about invitations, a denial, an approver's own key and a temporary role. */
export async function playAccess(scene: Scene): Promise<void> {
  const { member, admin, admin2, teammate } = PEOPLE;
  await help(scene);

  const invite = await ask(scene, member.id, 'invite member joining the data team');
  await approve(
    scene,
    admin.id,
    invite,
    'clicks Approve on the card: she has connected no key, so the shared one acts',
  );

  await refusedAsk(scene);
  const denied = await ask(scene, DAN.id, 'invite admin I want to see everything');
  await deny(scene, denied);

  await connectOwnKey(scene);
  const role = await ask(scene, teammate.id, 'role admin for 2h on-call this evening');
  await approve(
    scene,
    admin2.id,
    role,
    'clicks Approve: his own key makes Tom an admin now, and the bot makes him a member again in 2 hours',
  );
  scene.n.note(
    "(Neon's log shows Bob's own key made that change, and the card and #audit say so; the revert is a job scheduled for the time on the card.)",
  );
}
