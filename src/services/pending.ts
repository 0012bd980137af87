import type { CardRef, RequestRecord } from '../domain/request-record.ts';
import type { ServiceContext } from './context.ts';

/** A reply shows at most this many; the rest wait behind them (the count says how many). */
export const PENDING_SHOWN = 20;

export interface Waiting {
  request: RequestRecord;
  /** A link to the request's card; absent when Slack could not give one. */
  link?: string;
}

export type PendingResult = { ok: true; waiting: Waiting[]; total: number } | { ok: false; code: 'not_approver' };

/** What waits for a decision, oldest first, each with a link to its card. Approvers only. */
export async function listPending(ctx: ServiceContext, viewerId: string): Promise<PendingResult> {
  if (!(await ctx.approvers.isApprover(viewerId))) return { ok: false, code: 'not_approver' };
  const { requests, total } = await ctx.listings.pending(PENDING_SHOWN);
  // Without an approval channel each approver has their own copy of a card, in their DM with the bot.
  const place = ctx.config.approvalChannelId ?? (await ctx.surface.dmChannel(viewerId));
  const waiting = await Promise.all(
    requests.map(async (request): Promise<Waiting> => {
      const cards = await ctx.store.cards(request.id);
      const card: CardRef | undefined = cards.find((c) => c.channel === place) ?? cards[0];
      const link = card ? await ctx.surface.permalink(card) : undefined;
      return link ? { request, link } : { request };
    }),
  );
  return { ok: true, waiting, total };
}
