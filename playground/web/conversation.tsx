import { useEffect, useRef } from 'react';
import type { ActionBody, Conversation, PlaygroundState, ShownMessage } from '../shared/state.ts';
import { BlockKit, type Clicked } from './block-kit.tsx';

interface Props {
  conversation: Conversation;
  state: PlaygroundState;
  me: string;
  act(where: ActionBody['where']): (clicked: Clicked) => void;
}

/** A channel or DM: the bot's messages (as they are now, edits in place), and your own ephemeral replies. */
export function ConversationPane({ conversation, state, me, act }: Props) {
  const mine = (state.ephemerals[me] ?? []).filter((e) => e.channel === conversation.id);
  const shown = [...conversation.messages, ...mine].sort((a, b) => Number(a.ts) - Number(b.ts));
  const end = useRef<HTMLDivElement>(null);
  const count = shown.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls to the end whenever a message arrives.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [count]);
  const row = (m: ShownMessage) => (
    <article key={`${m.onlyFor ?? ''}${m.ts}`} className={m.onlyFor ? 'message ephemeral' : 'message'} data-ts={m.ts}>
      <BlockKit
        blocks={m.blocks}
        cast={state.cast}
        sender={{ name: state.botName, time: new Date(m.at) }}
        onAction={act({ message: { channel: m.channel, ts: m.ts } })}
      />
      {m.edits > 0 && <span className="edited">(edited)</span>}
      {m.onlyFor && <span className="only-you">Only visible to you</span>}
    </article>
  );
  return (
    <section className="conversation" data-testid="conversation">
      <h2>
        {conversation.kind === 'channel' ? `# ${conversation.label}` : `${conversation.label} ↔ ${state.botName}`}
      </h2>
      <div className="messages">
        {shown.length === 0 && <p className="empty">Nothing here yet.</p>}
        {shown.map(row)}
        <div ref={end} />
      </div>
    </section>
  );
}
