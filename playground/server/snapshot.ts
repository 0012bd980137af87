import type { FakeEphemeral, FakeMessage, FakeView } from '../../sandbox/slack/index.ts';
import type { Stage } from '../../sandbox/stage.ts';
import { CHANNELS } from '../../sandbox/stage.ts';
import type { Block, Conversation, Person, PlaygroundState, ShownMessage, ShownView } from '../shared/state.ts';
import { neonState } from './neon-state.ts';
import { waitingJobs } from './time.ts';

/** The channels the sidebar lists, in its order. */
const CHANNEL_LABELS: [string, string][] = [
  [CHANNELS.general, 'general'],
  [CHANNELS.approvals, 'approvals'],
  [CHANNELS.audit, 'audit'],
];

const textOf = (t: unknown): string =>
  typeof t === 'object' && t !== null && typeof (t as { text?: unknown }).text === 'string'
    ? (t as { text: string }).text
    : '';

function shownMessage(m: FakeMessage | FakeEphemeral, onlyFor?: string): ShownMessage {
  const text = m.text ?? '';
  // A text-only message is shown as Slack shows it: one mrkdwn section.
  const blocks = (m.blocks as Block[] | undefined) ?? [{ type: 'section', text: { type: 'mrkdwn', text } }];
  const edits = 'history' in m ? m.history.length - 1 : 0;
  const at = 'history' in m ? (m.history[0]?.at ?? 0) : m.at;
  return { channel: m.channel ?? CHANNELS.general, ts: m.ts, at, text, blocks, edits, ...(onlyFor ? { onlyFor } : {}) };
}

function shownView(v: FakeView): ShownView {
  return {
    id: v.id,
    hash: v.hash,
    title: textOf(v.title),
    ...(v.submit ? { submit: textOf(v.submit) } : {}),
    ...(v.close ? { close: textOf(v.close) } : {}),
    callbackId: v.callback_id,
    blocks: v.blocks as Block[],
  };
}

export async function snapshot(
  stage: Stage,
  cast: Person[],
  personalKeys: Map<string, string>,
): Promise<PlaygroundState> {
  const { slack } = stage;
  const live = (ms: FakeMessage[]) => ms.filter((m) => !m.deleted).map((m) => shownMessage(m));
  const conversations: Conversation[] = CHANNEL_LABELS.map(([id, label]) => ({
    id,
    kind: 'channel',
    label,
    messages: live(slack.messages(id)),
  }));
  for (const p of cast) {
    const dm = slack.dmChannelOf(p.id);
    conversations.push({
      id: dm ?? `D-${p.id}`,
      kind: 'dm',
      label: p.realName,
      userId: p.id,
      messages: dm ? live(slack.messages(dm)) : [],
    });
  }
  const by = <T>(f: (p: Person) => T) => Object.fromEntries(cast.map((p) => [p.id, f(p)]));
  return {
    command: stage.bot.ctx.config.slack.command,
    botName: 'neon-access',
    cast,
    conversations,
    ephemerals: by((p) =>
      slack
        .ephemerals(p.id)
        .filter((e) => !e.deleted)
        .map((e) => shownMessage(e, p.id)),
    ),
    modals: by((p) => slack.views(p.id).map(shownView)),
    homes: by((p) => {
      const home = slack.homeView(p.id);
      return home ? shownView(home) : undefined;
    }),
    neon: neonState(stage, personalKeys),
    waiting: await waitingJobs(stage),
  };
}
