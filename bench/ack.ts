import type { SlackDriver } from '../sandbox/slack-driver.ts';
import type { LoadGenerator } from './load-generator.ts';
import { percentile, type Row } from './stats.ts';

export interface AckTarget {
  /** e.g. `http://127.0.0.1:PORT` */
  url: string;
  driver: SlackDriver;
}

export interface Settling {
  /** Resolves once both apps have answered `commands` commands by response_url and the bot has no job left to run. */
  settle(commands: number): Promise<void>;
}

interface Shape {
  label: string;
  total: number;
  concurrency: number;
}

/** Each shape runs in this many rounds (200 concurrent ×5: one wave of 200 per app per round). */
const ROUNDS = 5;

export const SHAPES: Shape[] = [
  { label: 'sequential ×500', total: 500, concurrency: 1 },
  { label: '200 concurrent ×5', total: 1000, concurrency: 200 },
];

/** Time from sending a signed slash command to Bolt's HTTP answer (the ack), in ms. */
function timeCommands(
  load: LoadGenerator,
  target: AckTarget,
  users: string[],
  text: string,
  shape: Shape,
): Promise<number[]> {
  return load.fire(
    target.url,
    shape.concurrency,
    users.slice(0, shape.total).map((u) => target.driver.preparedCommand(u, text)),
  );
}

/**
 * `/neon help` and `/neon invite` on the bot versus the bare Bolt app's ack, each app a process of
 * its own, driven by one load generator (a process of its own too). Invitations need a new person each time (one open ask
 * per person).
 */
export async function benchAck(
  load: LoadGenerator,
  bare: AckTarget,
  bot: AckTarget & Settling,
  newUsers: (n: number) => string[],
): Promise<Row[]> {
  const rows: Row[] = [];
  let sent = 0;
  const on = async (app: AckTarget, text: string, shape: Shape) => {
    // Each shape starts on idle apps: the replies (both answer by response_url) and jobs of the one before are done.
    await bot.settle(sent);
    sent += shape.total;
    return timeCommands(load, app, newUsers(shape.total), text, shape);
  };
  const onBot = (text: string, shape: Shape) => on(bot, text, shape);
  // Warm both up (JIT, connection pools) before anything is timed.
  const warm: Shape = { label: 'warm-up', total: 400, concurrency: 200 };
  await on(bare, 'help', warm);
  await onBot('help', warm);
  const texts = ['help', 'invite member bench'];
  for (const shape of SHAPES) {
    // In rounds, each app in turn, so that whatever changes on the machine meanwhile (another
    // process, the page cache, a drift in the clock rate) meets the three alike.
    const round: Shape = { ...shape, total: shape.total / ROUNDS };
    const baseline: number[] = [];
    const lat: number[][] = texts.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      baseline.push(...(await on(bare, 'help', round)));
      for (const [i, text] of texts.entries()) lat[i]!.push(...(await onBot(text, round)));
    }
    const b99 = percentile(baseline, 99);
    rows.push({
      command: 'bare Bolt ack() + respond()',
      shape: shape.label,
      p50_ms: percentile(baseline, 50),
      p99_ms: b99,
      p99_ratio: 1,
    });
    for (const [i, text] of texts.entries()) {
      rows.push({
        command: `/neon ${text.split(' ')[0]}`,
        shape: shape.label,
        p50_ms: percentile(lat[i]!, 50),
        p99_ms: percentile(lat[i]!, 99),
        p99_ratio: percentile(lat[i]!, 99) / b99,
      });
    }
  }
  return rows;
}
