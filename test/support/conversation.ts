import { eventually } from '../../sandbox/eventually.ts';
import type { MemberRole, MemberView } from '../../sandbox/neon/index.ts';
import { type FakeMessage, type FakeUser, visibleText } from '../../sandbox/slack/index.ts';
import { CHANNELS } from '../../sandbox/stage.ts';
import type { RequestStatus } from '../../src/domain/request.ts';
import type { RequestRecord } from '../../src/domain/request-record.ts';
import { KEY_ACTION, KEY_BLOCK } from '../../src/slack/blocks/admin-connect-modal.ts';
import type { Harness } from './bot-harness.ts';

const REQUEST_ID = /R-[2-9A-HJKMNP-Z]{8}/;

export function requestIdIn(text: string): string {
  const id = REQUEST_ID.exec(text)?.[0];
  if (!id) throw new Error(`no request id in: ${text}`);
  return id;
}

/**
 * What people do and see in an end-to-end test: type `/neon …` and read the reply only they
 * see, find a request's card, read DMs and the audit channel, wait for a status.
 */
export function conversation(h: Harness) {
  const dmsOf = (userId: string): FakeMessage[] => h.slack.messages(h.slack.dmChannelOf(userId) ?? '-');
  return {
    /** Types `/neon <text>` as `userId` (Slack must get its 200) and waits for the reply only they see. */
    async ask(userId: string, text: string): Promise<string> {
      const before = h.slack.ephemerals(userId).length;
      const res = await h.driver.command(userId, text);
      if (res.status !== 200) throw new Error(`${h.bot.ctx.config.slack.command} ${text} answered ${res.status}`);
      return eventually(
        () => {
          const mine = h.slack.ephemerals(userId);
          return mine.length > before ? visibleText(mine[mine.length - 1]!) : undefined;
        },
        5_000,
        `a reply to ${userId}`,
      );
    },

    /** Clicks a card's button and waits for the reply only the clicker sees (a refusal). */
    async clickAndHear(userId: string, actionId: string, card: FakeMessage): Promise<string> {
      const before = h.slack.ephemerals(userId).length;
      await h.driver.blockAction(userId, { actionId, message: { channel: CHANNELS.approvals, ts: card.ts } });
      return eventually(
        () => {
          const mine = h.slack.ephemerals(userId);
          return mine.length > before ? visibleText(mine[mine.length - 1]!) : undefined;
        },
        5_000,
        `a reply to ${userId}'s click`,
      );
    },

    async approve(userId: string, card: FakeMessage): Promise<void> {
      const res = await h.driver.blockAction(userId, {
        actionId: 'approve_request',
        message: { channel: CHANNELS.approvals, ts: card.ts },
      });
      if (res.status !== 200) throw new Error(`approve answered ${res.status}`);
    },

    /** The request's approval card, once its job has posted it. */
    card(id: string): Promise<FakeMessage> {
      return eventually(
        () => h.slack.messages(CHANNELS.approvals).find((m) => visibleText(m).includes(id)),
        5_000,
        `the card of ${id}`,
      );
    },

    /** The card's text once it contains `text` (cards are updated by a job, a moment after the change). */
    cardSaying(card: FakeMessage, text: string): Promise<string> {
      return eventually(
        () => {
          const now = visibleText(h.slack.message(CHANNELS.approvals, card.ts)!);
          return now.includes(text) ? now : undefined;
        },
        5_000,
        `the card to say "${text}"`,
      );
    },

    auditLine(id: string, text: string): Promise<string> {
      return eventually(
        () =>
          h.slack
            .messages(CHANNELS.audit)
            .map((m) => visibleText(m))
            .find((l) => l.includes(id) && l.includes(text)),
        5_000,
        `an audit line about ${id} saying "${text}"`,
      );
    },

    dm(userId: string, id: string, text: string): Promise<string> {
      return eventually(
        () =>
          dmsOf(userId)
            .map((m) => visibleText(m))
            .find((t) => t.includes(id) && t.includes(text)),
        5_000,
        `a DM to ${userId} about ${id} saying "${text}"`,
      );
    },

    status(id: string, status: RequestStatus, timeoutMs = 5_000): Promise<RequestRecord> {
      return eventually(
        async () => {
          const r = await h.bot.ctx.store.get(id);
          return r?.status === status ? r : undefined;
        },
        timeoutMs,
        `${id} to be ${status}`,
      );
    },

    /** `/neon admin connect`, then pastes `key` into its form and submits; resolves once the key is stored. */
    async connectKey(userId: string, key: string): Promise<void> {
      const opened = h.slack.calls('views.open').length;
      await h.driver.command(userId, 'admin connect');
      await eventually(() => h.slack.calls('views.open')[opened], 5_000, `the connect form of ${userId}`);
      const view = h.slack.views(userId).at(-1)!;
      const res = await h.driver.viewSubmission(userId, view, {
        [KEY_BLOCK]: { [KEY_ACTION]: { type: 'plain_text_input', value: key } },
      });
      if ((res.body as { response_action?: string }).response_action !== 'update')
        throw new Error(`connecting ${userId}'s key was refused: ${JSON.stringify(res.body)}`);
    },

    async requestCountOf(userId: string): Promise<number> {
      const { rows } = await h.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM requests WHERE requester_id = $1',
        [userId],
      );
      return rows[0]!.n;
    },
  };
}

/** A new workspace member, in Slack and (with a role) in the Neon organization too. */
export function newPerson(
  h: Harness,
  id: string,
  name: string,
  neonRole?: MemberRole,
): { user: FakeUser; member?: MemberView } {
  const user = { id, name, realName: name, email: `${name}@example.com` };
  h.slack.addUser(user);
  if (!neonRole) return { user };
  return { user, member: h.neon.addMember(h.neon.addUser({ email: user.email, name }).id, neonRole) };
}

/** Someone changes a role in the Neon console, behind the bot's back. */
export async function changeRoleInNeon(h: Harness, memberId: string, role: MemberRole): Promise<void> {
  const res = await fetch(`${h.neon.url}/organizations/${h.neon.orgId}/members/${memberId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!res.ok) throw new Error(`Neon answered ${res.status} to the console's role change`);
}
