import { describeError } from './log/describe-error.ts';
import type { Logger } from './log/logger.ts';
import { Scrubber } from './log/scrub.ts';
import { OperatorError } from './operator-error.ts';
import { stopEmbeddedServers } from './store/embedded.ts';

/** How long a way out waits for the embedded server to stop before exiting regardless. */
const SERVER_STOP_DEADLINE_MS = 10_000;

const scrubber = new Scrubber();
let detail: Logger | undefined;
let exiting = false;

/** Once the config is loaded: an error's detail goes to the JSON log, and its secrets never reach the line. */
export function exitDetailTo(log: Logger, secrets: readonly (string | undefined)[]): void {
  detail = log;
  for (const secret of secrets) scrubber.addSecret(secret);
}

/**
 * The way out after an error: one line on stderr and never a stack trace (the operator's own
 * errors as they are, anything else prefixed), the embedded server stopped, then exit 2 when the
 * operator has something to fix, else 1. Later errors while it stops the server change nothing.
 */
export async function exitWithError(err: unknown): Promise<void> {
  if (exiting) {
    detail?.warn({ err }, 'another error while exiting');
    return;
  }
  exiting = true;
  const operator = err instanceof OperatorError;
  const code = operator ? 2 : 1;
  process.exitCode = code; // should the process end on its own before the exit below
  detail?.[operator ? 'error' : 'fatal']({ err }, 'exiting: stopping the database first');
  process.stderr.write(`${scrubber.text(operator ? err.message : `neon-access-bot: ${describeError(err)}`)}\n`);
  await Promise.race([stopEmbeddedServers().catch(() => undefined), deadline(SERVER_STOP_DEADLINE_MS)]);
  process.exit(code);
}

/**
 * An uncaught exception or unhandled rejection takes the same way out: Node's default would
 * print a stack trace and leave the embedded server running, holding ./data.
 */
export function exitOnCrash(): void {
  process.on('uncaughtException', (err) => void exitWithError(err));
  process.on('unhandledRejection', (reason) => void exitWithError(reason));
}

const deadline = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
