import { useCallback, useEffect, useState } from 'react';
import type { ActionBody } from '../shared/state.ts';
import { api, usePlaygroundState } from './api.ts';
import type { Clicked } from './block-kit.tsx';
import { Composer } from './composer.tsx';
import { ConversationPane } from './conversation.tsx';
import { HomePane } from './home.tsx';
import { Modal } from './modal.tsx';
import { NeonPanel } from './neon-panel.tsx';
import { type Place, Sidebar } from './sidebar.tsx';
import { TopBar } from './top-bar.tsx';
import { useUnread } from './unread.ts';

/** The page: a Slack workspace with the bot in it, and Neon beside it. */
export function App() {
  const state = usePlaygroundState();
  // Until chosen: the first of the cast, in the first channel.
  const [chosenMe, setMe] = useState<string>();
  const [chosenPlace, setPlace] = useState<Place>();
  const me = chosenMe ?? state?.cast[0]?.id ?? '';
  const place: Place = chosenPlace ?? { kind: 'conversation', id: state?.conversations[0]?.id ?? '' };
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const unread = useUnread(state, place.kind === 'conversation' ? place.id : undefined);
  const report = useCallback((work: Promise<unknown>) => {
    setProblem(undefined);
    work.catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
  }, []);
  // Opening a Home tab is an event Slack sends the bot, which then publishes the view.
  const homeOf = place.kind === 'home' ? place.userId : undefined;
  useEffect(() => {
    if (homeOf) report(api.openHome(homeOf));
  }, [homeOf, report]);
  if (!state) return <div className="loading">Starting…</div>;
  const act =
    (where: ActionBody['where'], as = me) =>
    (clicked: Clicked) =>
      report(api.action({ userId: as, ...clicked, where }));
  const skipAhead = () =>
    report(
      api
        .skipAhead()
        .then(({ due, next }) =>
          setNotice(
            next
              ? `Now: ${next.name} ${next.requestId}${due > 1 ? ` and ${due - 1} more due then` : ''}, done within 2 s.`
              : 'Nothing was waiting.',
          ),
        ),
    );
  const modal = state.modals[me]?.at(-1);
  const conversation = place.kind === 'conversation' ? state.conversations.find((c) => c.id === place.id) : undefined;
  return (
    <div className="workspace">
      <TopBar state={state} me={me} onMe={setMe} onTime={skipAhead} notice={notice} />
      <Sidebar state={state} me={me} place={place} onPlace={setPlace} unread={unread} />
      <main className="pane">
        {conversation && (
          <>
            <ConversationPane conversation={conversation} state={state} me={me} act={act} />
            <Composer
              command={state.command}
              label={conversation.label}
              onSend={(text) => report(api.command(me, conversation.id, text))}
            />
          </>
        )}
        {place.kind === 'home' && <HomePane state={state} userId={place.userId} me={me} act={act} />}
        {problem && <div className="problem">{problem}</div>}
      </main>
      <NeonPanel neon={state.neon} waiting={state.waiting} />
      {modal && (
        <Modal key={`${modal.id}:${modal.hash}`} view={modal} state={state} me={me} act={act} report={report} />
      )}
    </div>
  );
}
