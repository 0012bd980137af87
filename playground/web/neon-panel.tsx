import type { NeonState, PlaygroundState } from '../shared/state.ts';

interface Props {
  neon: NeonState;
  waiting: PlaygroundState['waiting'];
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The Neon emulator's org as it is now, its call log with whose key made each call, and the timed work ahead. */
export function NeonPanel({ neon, waiting }: Props) {
  return (
    <aside className="neon" data-testid="neon-panel">
      <h2>Neon · {neon.orgId}</h2>
      <h3>Members</h3>
      <ul>
        {neon.members.map((m) => (
          <li key={m.email}>
            {m.email} <span className={`role ${m.role}`}>{m.role}</span>
          </li>
        ))}
      </ul>
      <h3>Invitations</h3>
      <ul data-testid="neon-invitations">
        {neon.invitations.length === 0 && <li className="empty">none</li>}
        {neon.invitations.map((i) => (
          <li key={i.email}>
            {i.email} <span className="role">{i.role}</span>
          </li>
        ))}
      </ul>
      <h3>Organization API keys</h3>
      <ul data-testid="neon-keys">
        {neon.keys.length === 0 && <li className="empty">none</li>}
        {neon.keys.map((k) => (
          <li key={k.id} className={k.revoked ? 'revoked' : ''}>
            {k.id} {k.name} {k.projectId && <small>{k.projectId}</small>}{' '}
            {k.revoked && <span className="role">revoked</span>}
          </li>
        ))}
      </ul>
      <h3>Approvers' own personal keys</h3>
      <p className="hint">
        For <code>admin connect</code>: be that approver, open the form and paste.
      </p>
      <ul>
        {neon.personalKeys.map((k) => (
          <li key={k.email} className="personal-key">
            {k.owner}: <code data-testid={`personal-key-${k.owner}`}>{k.token}</code>
            <button type="button" onClick={() => void navigator.clipboard?.writeText(k.token)}>
              Copy
            </button>
          </li>
        ))}
      </ul>
      <h3>Timed work ahead</h3>
      <ul>
        {waiting.length === 0 && <li className="empty">none</li>}
        {waiting.map((w) => (
          <li key={`${w.name}:${w.requestId}`}>
            {time(w.dueAt)} {w.name} {w.requestId}
          </li>
        ))}
      </ul>
      <h3>Calls the bot made</h3>
      <ol className="calls" data-testid="neon-calls">
        {[...neon.calls].reverse().map((c) => (
          <li key={c.seq}>
            <span className="when">{time(c.at)}</span> <b>{c.method}</b> {c.path} → {c.status ?? '…'}
            <div className="by">with {c.by}</div>
          </li>
        ))}
      </ol>
    </aside>
  );
}
