import { useState } from 'react';
import type { NeonState, PlaygroundState } from '../shared/state.ts';

interface Props {
  neon: NeonState;
  waiting: PlaygroundState['waiting'];
}

/** "in 8 h", "in 12 min": when a timed job falls due. */
function dueIn(iso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 60_000));
  if (minutes < 1) return 'now';
  if (minutes < 90) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} d`;
}

/** An approver's key, masked until asked for, to paste into the connect form. */
function PersonalKey({ owner, token }: { owner: string; token: string }) {
  const [shown, setShown] = useState(false);
  return (
    <li className="personal-key">
      {owner}:{' '}
      <code data-testid={`personal-key-${owner}`}>{shown ? token : `${token.slice(0, 5)}…${token.slice(-4)}`}</code>
      <button type="button" onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : `Show ${owner}'s key`}
      </button>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(token)}>
        Copy
      </button>
    </li>
  );
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
          <PersonalKey key={k.email} owner={k.owner} token={k.token} />
        ))}
      </ul>
      <h3>Timed work ahead</h3>
      <ul>
        {waiting.length === 0 && <li className="empty">none</li>}
        {waiting.map((w) => (
          <li key={`${w.name}:${w.requestId}`}>
            {w.name} {w.requestId} <span className="when">{dueIn(w.dueAt)}</span>
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
