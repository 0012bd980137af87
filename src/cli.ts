import { loadConfig, type Config } from './config.ts';
import { Scrubber } from './log/scrub.ts';
import { startBot } from './main.ts';
import { openDatabase } from './store/database.ts';
import { migrate } from './store/migrate.ts';

const USAGE = `usage: neon-access-bot <command>

  start     run the bot (default)
  migrate   apply database migrations and exit
  demo      play the whole flow against built-in emulators (npm run demo)`;

/** Exit code 2 with one line naming the variable: a config error is the operator's to fix, not a crash. */
function configOrExit(): Config {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error}\n`);
    process.exit(2);
  }
  return loaded.config;
}

async function start(): Promise<void> {
  const bot = await startBot(configOrExit());
  const log = bot.log;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing work in progress');
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function migrateOnly(): Promise<void> {
  const config = configOrExit();
  const db = await openDatabase({ databaseUrl: config.databaseUrl });
  try {
    const applied = await migrate(db.url);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await db.close();
  }
}

async function run(args: string[]): Promise<void> {
  const [command = 'start'] = args;
  switch (command) {
    case 'start':
      return start();
    case 'migrate':
      return migrateOnly();
    case 'demo':
      // Not a literal import: the demo and its emulators live outside the production build.
      await import(new URL('./demo/main.ts', import.meta.url).href).catch(() => {
        throw new Error('the demo needs a development checkout: run `npm ci && npm run demo`');
      });
      return;
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      process.stderr.write(`unknown command: ${command}\n${USAGE}\n`);
      process.exit(2);
  }
}

run(process.argv.slice(2)).catch((err: unknown) => {
  // Never a stack trace to the operator's terminal: one line, and the detail in the JSON log.
  process.stderr.write(`neon-access-bot: ${new Scrubber().text(err instanceof Error ? err.message : String(err))}\n`);
  process.exit(1);
});
