import type { PlaygroundState } from '../shared/state.ts';

interface Props {
  state: PlaygroundState;
  me: string;
  onMe(userId: string): void;
  onTime(): void;
  /** What the last skip did. */
  notice: string | undefined;
}

/** Who you are (the cast), and the clock: timed work (expiry, reminders, grant ends) runs now. */
export function TopBar({ state, me, onMe, onTime, notice }: Props) {
  return (
    <header className="top-bar">
      <span className="workspace-name">Fake Workspace</span>
      <label className="you-are">
        You are
        <select value={me} onChange={(e) => onMe(e.target.value)} data-testid="you-are">
          {state.cast.map((p) => (
            <option key={p.id} value={p.id}>
              {p.realName} {p.approver ? '(approver)' : '(member)'}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="time"
        onClick={onTime}
        title="Runs every timed job now: reminders, expiry, grant ends, key purges"
      >
        Skip ahead ▸▸
        {state.waiting.length > 0 ? ` (${state.waiting.length} timed job${state.waiting.length === 1 ? '' : 's'})` : ''}
      </button>
      {notice && <span className="notice">{notice}</span>}
    </header>
  );
}
