import type { PlaygroundState } from '../shared/state.ts';

interface Props {
  state: PlaygroundState;
  me: string;
  onMe(userId: string): void;
  onTime(): void;
  /** What the last skip did. */
  notice: string | undefined;
}

/** Who you are (the cast), and the clock: the next timed work (a reminder, a warning, a grant's end…) runs now. */
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
        title="Runs the next timed work now (a reminder, an escalation, an expiry, a warning, a grant's end, a key purge); press again for the one after"
      >
        Skip ahead ▸▸
        {state.waiting[0] ? ` to ${state.waiting[0].name} ${state.waiting[0].requestId}` : ''}
      </button>
      {notice && <span className="notice">{notice}</span>}
    </header>
  );
}
