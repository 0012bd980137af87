import { type Logger, pino } from 'pino';
import { currentRequestId } from './request-scope.ts';
import { Scrubber } from './scrub.ts';

export type { Logger };

export interface LoggerOptions {
  level: 'debug' | 'info' | 'warn' | 'error';
  secrets?: (string | undefined)[];
  /** Where JSON lines go; defaults to stdout. Tests pass a stream to scan the output. */
  destination?: NodeJS.WritableStream;
}

/** JSON lines with every argument scrubbed before pino formats it, at every level (debug too), and the request id of the work at hand. */
export function createLogger(opts: LoggerOptions): Logger {
  const scrubber = new Scrubber();
  for (const s of opts.secrets ?? []) scrubber.addSecret(s);
  return pino(
    {
      level: opts.level,
      base: { app: 'neon-access-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The request the current work is about (see request-scope.ts); a line's own fields win.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => scrubber.value(a)) as Parameters<typeof method>);
        },
      },
    },
    (opts.destination ?? process.stdout) as pino.DestinationStream,
  );
}
