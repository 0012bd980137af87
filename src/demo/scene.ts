import type { Stage } from '../../sandbox/stage.ts';
import type { Narrator } from './narrator.ts';
import { settled } from './waits.ts';

/** The story's scenes share the stage, the narrator and the command's configured name. */
export interface Scene {
  stage: Stage;
  n: Narrator;
  slash: string;
  /** Bob's personal Neon key: the emulator knows it belongs to Bob, an admin of the org. */
  bobKey: string;
}

/** Prints what the step set off, once all of it is done. */
export async function told({ stage, n }: Scene): Promise<void> {
  await settled(stage);
  n.flush();
}
