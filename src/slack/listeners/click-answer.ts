import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ServiceContext } from '../../services/context.ts';
import { answerModal } from '../blocks/answer-modal.ts';
import type { Answer } from './safely.ts';

/** What every block_actions payload carries; `response_url` only when a message was clicked. */
interface Click {
  user: { id: string };
  trigger_id: string;
  response_url?: string;
}

/**
 * How the clicker alone is told why a click changed nothing. A click on a message has a
 * response_url: the answer appears beside it, as before. A click on the Home tab has none (Bolt
 * then gives no `respond`), so the answer opens over the Home, where the person is looking; if
 * the click's trigger has lapsed, it comes by DM instead, so it is never lost.
 */
export function clickAnswer(ctx: ServiceContext, client: WebClient, click: Click, respond: RespondFn): Answer {
  if (click.response_url) return respond;
  return async (message) => {
    const text = message.text ?? '';
    try {
      await client.views.open({ trigger_id: click.trigger_id, view: answerModal(text) });
    } catch (err) {
      ctx.log.warn({ err, user: click.user.id }, 'could not open the answer to a Home click; sending it by DM');
      await ctx.surface.dm(click.user.id, { text });
    }
  };
}
