import { PEOPLE } from '../../sandbox/stage.ts';
import { formatDuration } from '../domain/duration.ts';
import { approve, ask } from './asks.ts';
import { type Scene, told } from './scene.ts';
import { warningComesNow } from './time-passes.ts';

/**
 * The extension part of the story: the holder of a live key is warned before its end, asks for
 * 4 hours more, and once approved the end moves: the same key, no call to Neon.
 */
export async function playExtension(scene: Scene, grantId: string): Promise<void> {
  const { stage, n } = scene;
  const { member, admin } = PEOPLE;
  // The last warning before the end (GRANT_WARNINGS), the one a key of a few hours gets.
  const lead = Math.min(...stage.bot.ctx.config.grantWarningsMs);

  n.step(
    member.id,
    `gets the DM due ${formatDuration(lead)} before her key ends (the demo runs that scheduled job now rather than wait)`,
  );
  await warningComesNow(stage, grantId, lead);
  await told(scene);

  const id = await ask(scene, member.id, `extend ${grantId} 4h need more time`);
  await approve(scene, admin.id, id, "clicks Approve: the key's end moves 4 hours later, with no call to Neon");
  n.note(
    "(Mia's key is the same key: the job that revokes it now waits for the new end, and the old end's job will find nothing to do.)",
  );
}
