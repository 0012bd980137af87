import type { Config } from '../config.ts';
import { boltLogger } from '../log/bolt-logger.ts';
import { Scrubber } from '../log/scrub.ts';
import { configSecrets } from '../log/secrets.ts';
import { loggerFor } from '../main.ts';
import { renderChecklist } from './checklist.ts';
import { checkDatabase } from './database.ts';
import { checkNeon } from './neon.ts';
import { checkSlack, checkSocketMode } from './slack.ts';

/**
 * `doctor`: prints a ✓/⚠/✗ checklist and returns the exit code (1 when any check failed). Lines
 * are built from what the services answered, never from a secret; the scrub is the safety net.
 */
export async function runDoctor(config: Config, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  // The checklist already says what failed; the Slack client's warnings would say it twice.
  const log = loggerFor({ ...config, logLevel: 'error' }, process.stderr);
  const groups = await Promise.all([
    checkSlack(config.slack, boltLogger(log)),
    checkSocketMode(config.slack, boltLogger(log)),
    checkNeon(config.neon),
    checkDatabase(config.databaseUrl),
  ]);
  const checks = groups.flat();
  const scrub = new Scrubber();
  for (const secret of configSecrets(config)) scrub.addSecret(secret);
  out.write(scrub.text(renderChecklist(checks)));
  return checks.some((c) => c.mark === 'fail') ? 1 : 0;
}
