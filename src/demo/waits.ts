import { eventually } from '../../sandbox/eventually.ts';
import type { Stage } from '../../sandbox/stage.ts';
import { JOB_NAMES } from '../app/ports.ts';
import type { RequestStatus } from '../domain/request.ts';

// What a step waits for before the next begins: deadlines, never sleeps, so each step's lines are
// printed under it and not under the next.

export async function waitForStatus(stage: Stage, id: string, status: RequestStatus): Promise<void> {
  await eventually(async () => (await stage.bot.ctx.store.get(id))?.status === status, 10_000, `${id} to be ${status}`);
}

/** The id in the bot's reply to the asker's last command. */
export async function askedId(stage: Stage, userId: string, before: number): Promise<string> {
  return eventually(
    () => {
      const replies = stage.slack.ephemerals(userId).slice(before);
      const text = replies.map((r) => JSON.stringify(r)).join(' ');
      return /R-[2-9A-HJKMNP-Z]{8}/.exec(text)?.[0];
    },
    10_000,
    'the request id',
  );
}

/**
 * Every job due now has run: the card, audit line, DM and Neon call a step set off are all out.
 * Jobs due later (a grant's end, a reminder) do not count. Call it once the step's first effect
 * is seen, since the listener sends its jobs after it acks.
 */
export async function settled(stage: Stage): Promise<void> {
  await eventually(
    async () => {
      const { rows } = await stage.bot.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job
          WHERE name = ANY($1) AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
        [JOB_NAMES],
      );
      return rows[0]?.n === 0;
    },
    10_000,
    'the work the step set off to finish',
  );
}

/** A message in `channel` whose blocks mention `text` (a request id), once it is there. */
export function messageWith(stage: Stage, channel: string, text: string) {
  return eventually(
    () => stage.slack.messages(channel).find((m) => JSON.stringify(m.blocks ?? m.text).includes(text)),
    10_000,
    `a message in ${channel} about ${text}`,
  );
}
