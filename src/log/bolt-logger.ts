import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from './logger.ts';

const toBolt: Record<string, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Routes Bolt's and the Web API client's logs through our scrubbing pino logger. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const [first, ...rest] = msg;
      if (first instanceof Error) child[level]({ err: first, detail: rest }, first.message);
      else child[level]({ detail: rest.length ? rest : undefined }, String(first));
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    setLevel: () => undefined, // our level is set once from LOG_LEVEL
    getLevel: () => toBolt[log.level] ?? LogLevel.INFO,
    setName: () => undefined,
  };
}
