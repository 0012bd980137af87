import { useEffect, useState } from 'react';
import type { ActionBody, Option, PlaygroundState, Skipped, SubmitBody, SuggestBody } from '../shared/state.ts';

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(answer.error ?? `${path} answered ${res.status}`);
  return answer;
}

/** What the page asks the playground server; each becomes the signed request Slack would send. */
export const api = {
  command: (userId: string, channelId: string, text: string) => post('/api/command', { userId, channelId, text }),
  action: (body: ActionBody) => post('/api/action', body),
  submit: (body: SubmitBody) =>
    post<{ response_action?: string; errors?: Record<string, string> }>('/api/submit', body),
  suggest: (body: SuggestBody) => post<{ options?: Option[] }>('/api/suggest', body),
  close: (viewId: string) => post('/api/close', { viewId }),
  openHome: (userId: string) => post('/api/home', { userId }),
  skipAhead: () => post<Skipped>('/api/time', {}),
};

/** How often the page reads the stand-ins' state: Slack's own updates feel about this quick. */
const POLL_MS = 400;

export function usePlaygroundState(): PlaygroundState | undefined {
  const [state, setState] = useState<PlaygroundState>();
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      try {
        const res = await fetch('/api/state');
        if (res.ok && !stopped) setState((await res.json()) as PlaygroundState);
      } finally {
        if (!stopped) setTimeout(read, POLL_MS);
      }
    };
    void read();
    return () => {
      stopped = true;
    };
  }, []);
  return state;
}
