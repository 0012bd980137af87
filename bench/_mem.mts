import { startStandIns } from '../test/support/stage.ts';
import { benchDatabase } from './database.ts';
import { startBenchBot, rssMiB } from './pipeline.ts';
import { startBareBoltProcess } from './bare-bolt.ts';
const db = await benchDatabase();
const s = await startStandIns({ databaseUrl: db.url, env: { LOG_LEVEL: 'warn' }, emulator: { checkResponses: false } });
const bot = await startBenchBot({ ...s.env, DATABASE_URL: db.url });
const bare = await startBareBoltProcess(s.env);
for (let i = 0; i < 4; i++) {
  await new Promise((r) => setTimeout(r, 2000));
  const m = await (await fetch(`${bot.url}/metrics`)).text();
  console.log('bot rss', (await rssMiB(bot.pid)).toFixed(1), 'bare rss', (await rssMiB(bare.pid)).toFixed(1), m.split('\n').filter((l) => /^(nodejs_heap_size_(used|total)|nodejs_external)/.test(l)).map((l) => l.split(' ').map((x, i) => i ? (Number(x) / 2 ** 20).toFixed(1) : x.replace('nodejs_', '')).join('=')).join(' '));
}
await bare.stop(); await bot.terminate(); await s.close(); await db.drop();
