import type { RespondArguments } from '@slack/bolt';
import type { Logger } from '../../log/logger.ts';
import { unavailableReply } from '../blocks/replies.ts';

/** Tells the user alone: Bolt's `respond`, or for a click without a response_url, `clickAnswer`. */
export type Answer = (message: RespondArguments) => Promise<unknown>;

/** Runs a listener's work after the ack; an unexpected failure still gets the user a clear answer. */
export async function safely(log: Logger, respond: Answer, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    log.error({ err }, `${what} failed`);
    await respond({ response_type: 'ephemeral', replace_original: false, ...unavailableReply() }).catch((e: unknown) =>
      log.warn({ err: e }, 'could not tell the user about the failure'),
    );
  }
}
