import { once } from 'node:events';
import WebSocket from 'ws';
import { eventually } from '../../sandbox/eventually.ts';
import type { BotProcess } from './bot-process.ts';

/** What `node --inspect` itself writes to stderr; not the bot's. */
export const INSPECTOR_LINE =
  /^(Debugger listening on |For help, see: https:\/\/nodejs\.org|Debugger attached\.|Debugger ending on |Waiting for the debugger to disconnect)/;

/** Node's flag for a bot that `evaluateIn` can reach: the inspector on a free loopback port. */
export const INSPECTABLE = ['--inspect=127.0.0.1:0'];

/**
 * Runs `expression` in the bot's main thread through the inspector, as a debugger would: a way to
 * make a real bot process throw without a test hook in its code.
 */
export async function evaluateIn(bot: BotProcess, expression: string): Promise<void> {
  const url = await eventually(
    () => bot.stderr.map((l) => /^Debugger listening on (ws:\/\/\S+)/.exec(l)?.[1]).find(Boolean),
    5_000,
    'the inspector URL (start the bot with INSPECTABLE)',
  );
  const ws = new WebSocket(url);
  try {
    await once(ws, 'open');
    ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression } }));
    const [data] = (await once(ws, 'message')) as [Buffer];
    const reply = JSON.parse(data.toString()) as { result?: { exceptionDetails?: unknown } };
    if (reply.result?.exceptionDetails) throw new Error(`the expression failed in the bot: ${data.toString()}`);
  } finally {
    ws.close();
  }
}
