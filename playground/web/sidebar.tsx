import type { PlaygroundState } from '../shared/state.ts';

export type Place = { kind: 'conversation'; id: string } | { kind: 'home'; userId: string };

interface Props {
  state: PlaygroundState;
  me: string;
  place: Place;
  onPlace(place: Place): void;
  unread(conversationId: string): number;
}

/** Channels, the bot's DM with each person, and each person's App Home tab. */
export function Sidebar({ state, me, place, onPlace, unread }: Props) {
  const isAt = (p: Place) => JSON.stringify(p) === JSON.stringify(place);
  const item = (p: Place, label: string, badge: number, testId: string) => (
    <li key={testId}>
      <button
        type="button"
        className={isAt(p) ? 'place active' : 'place'}
        onClick={() => onPlace(p)}
        data-testid={testId}
      >
        {label}
        {badge > 0 && <span className="badge">{badge}</span>}
      </button>
    </li>
  );
  const channels = state.conversations.filter((c) => c.kind === 'channel');
  const dms = state.conversations.filter((c) => c.kind === 'dm');
  return (
    <nav className="sidebar">
      <h3>Channels</h3>
      <ul>
        {channels.map((c) =>
          item({ kind: 'conversation', id: c.id }, `# ${c.label}`, unread(c.id), `channel-${c.label}`),
        )}
      </ul>
      <h3>Direct messages with neon-access</h3>
      <ul>
        {dms.map((c) =>
          item(
            { kind: 'conversation', id: c.id },
            `${c.label}${c.userId === me ? ' (you)' : ''}`,
            unread(c.id),
            `dm-${c.userId}`,
          ),
        )}
      </ul>
      <h3>App Home</h3>
      <ul>
        {state.cast.map((p) =>
          item({ kind: 'home', userId: p.id }, `${p.realName}'s Home${p.id === me ? ' (you)' : ''}`, 0, `home-${p.id}`),
        )}
      </ul>
    </nav>
  );
}
