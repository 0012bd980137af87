/**
 * `npm run playground`: the real bot on the demo's stand-ins (embedded PostgreSQL, the Neon
 * emulator, the fake Slack), and a page at http://127.0.0.1:${PLAYGROUND_PORT:-3030} that looks
 * like Slack, to play every story by clicking. Nothing reaches the internet.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startPlayground } from './server/playground.ts';

const started = Date.now();
const dataDir = await mkdtemp(path.join(tmpdir(), 'neon-access-bot-playground-'));
// As root the embedded server runs as its own system user, which must be able to enter the folder.
await chmod(dataDir, 0o755);
// The bot's JSON log stays out of the terminal: it would bury the address.
const logDestination = new Writable({ write: (_chunk, _enc, done) => done() });
const playground = await startPlayground({
  logDestination,
  dataDir,
  port: Number(process.env.PLAYGROUND_PORT ?? 3030),
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(`neon-access-bot playground ready in ${seconds} s: open ${playground.url}\n`);
process.stdout.write('Ctrl-C stops it (the bot, its embedded database and the stand-ins).\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await playground.stop();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
