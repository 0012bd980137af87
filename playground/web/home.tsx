import type { ActionBody, PlaygroundState } from '../shared/state.ts';
import { BlockKit, type Clicked } from './block-kit.tsx';

interface Props {
  state: PlaygroundState;
  userId: string;
  me: string;
  act(where: ActionBody['where'], as: string): (clicked: Clicked) => void;
}

/** A person's App Home tab, as the bot last published it. */
export function HomePane({ state, userId, me, act }: Props) {
  const home = state.homes[userId];
  const who = state.cast.find((p) => p.id === userId);
  return (
    <section className="conversation home" data-testid="home">
      <h2>
        {state.botName} · Home of {who?.realName}
      </h2>
      <div className="messages">
        {!home && <p className="empty">Opening…</p>}
        {home && userId !== me && (
          <p className="note">Only {who?.realName} sees this tab; clicks here are sent as them.</p>
        )}
        {home && <BlockKit blocks={home.blocks} cast={state.cast} onAction={act({ view: { id: home.id } }, userId)} />}
      </div>
    </section>
  );
}
