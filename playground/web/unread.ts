import { useEffect, useState } from 'react';
import type { PlaygroundState } from '../shared/state.ts';

/** Messages posted in each conversation since it was last open, as Slack's sidebar counts them. */
export function useUnread(state: PlaygroundState | undefined, openId: string | undefined): (id: string) => number {
  const [seen, setSeen] = useState<Record<string, number>>({});
  const count = (id: string) => state?.conversations.find((c) => c.id === id)?.messages.length ?? 0;
  const open = openId ? count(openId) : 0;
  useEffect(() => {
    if (openId) setSeen((s) => (s[openId] === open ? s : { ...s, [openId]: open }));
  }, [openId, open]);
  return (id) => Math.max(0, count(id) - (seen[id] ?? 0));
}
