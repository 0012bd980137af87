import { SlackDriver } from '../test/support/slack-driver.ts';
import { percentile, type Row } from './stats.ts';

export interface AckTarget {
  name: string;
  driver: SlackDriver;
}

interface Shape {
  label: string;
  total: number;
  concurrency: number;
}

export const SHAPES: Shape[] = [
  { label: 'sequential ×500', total: 500, concurrency: 1 },
  { label: '200 concurrent ×5', total: 1000, concurrency: 200 },
];

/** Time from sending a signed slash command to Bolt's HTTP answer (the ack), in ms. */
async function timeCommands(driver: SlackDriver, users: string[], text: string, shape: Shape): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  while (next < shape.total) {
    const wave = users.slice(next, next + shape.concurrency);
    next += wave.length;
    await Promise.all(
      wave.map(async (user) => {
        const start = performance.now();
        const res = await driver.command(user, text);
        latencies.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${text} answered ${res.status}`);
      }),
    );
  }
  return latencies;
}

/**
 * `/neon help` and `/neon invite` on the bot versus the bare Bolt app's ack, same process, same
 * driver, same fake Slack. Invitations need a new person each time (one open ask per person).
 */
export async function benchAck(bare: AckTarget, bot: AckTarget, newUsers: (n: number) => string[]): Promise<Row[]> {
  const rows: Row[] = [];
  // Warm both up (JIT, connection pools) before anything is timed.
  const warm: Shape = { label: 'warm-up', total: 200, concurrency: 20 };
  await timeCommands(bare.driver, newUsers(warm.total), 'help', warm);
  await timeCommands(bot.driver, newUsers(warm.total), 'help', warm);
  for (const shape of SHAPES) {
    const baseline = await timeCommands(bare.driver, newUsers(shape.total), 'help', shape);
    const b99 = percentile(baseline, 99);
    rows.push({ command: 'bare Bolt ack()', shape: shape.label, p50_ms: percentile(baseline, 50), p99_ms: b99, p99_ratio: 1 });
    for (const text of ['help', 'invite member bench']) {
      const lat = await timeCommands(bot.driver, newUsers(shape.total), text, shape);
      rows.push({ command: `/neon ${text.split(' ')[0]}`, shape: shape.label, p50_ms: percentile(lat, 50), p99_ms: percentile(lat, 99), p99_ratio: percentile(lat, 99) / b99 });
    }
  }
  return rows;
}
