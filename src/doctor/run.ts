import { configProblems, validVariables } from '../config.ts';
import { boltLogger } from '../log/bolt-logger.ts';
import { createLogger } from '../log/logger.ts';
import { Scrubber } from '../log/scrub.ts';
import { envSecrets } from '../log/secrets.ts';
import { type Check, fail, ok, renderChecklist, skip } from './checklist.ts';
import { checkDatabase } from './database.ts';
import { doctorInputs, type Input } from './inputs.ts';
import { checkNeon } from './neon.ts';
import { checkSlack, checkSocketMode } from './slack.ts';

/** Runs the check when its input is ready; else one line per check it stands for, saying what it waits for. */
async function when<T>(
  input: Input<T>,
  names: string[],
  check: (value: T) => Promise<Check | Check[]>,
): Promise<Check[]> {
  return input.ready ? [await check(input.value)].flat() : names.map((name) => skip(name, input.waitsFor));
}

/**
 * `doctor`: prints a ✓/⚠/✗ checklist and returns the exit code (1 when any line is ✗). It runs on
 * any environment, even an empty one: a ✗ line per bad variable, in start's words, then every
 * check whose variables are valid. Lines are built from what the services answered, never from a
 * secret; the scrub, over every secret variable as set, is the safety net.
 */
export async function runDoctor(env: NodeJS.ProcessEnv, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const problems = configProblems(env);
  const inputs = doctorInputs(env, validVariables(env));
  const secrets = envSecrets(env);
  // The checklist already says what failed; the Slack client's warnings would say it twice.
  const slackLog = boltLogger(createLogger({ level: 'error', destination: process.stderr, secrets }));
  const groups = await Promise.all([
    when(inputs.slackToken, ['Slack token', 'Slack scopes'], (slack) => checkSlack(slack, slackLog)),
    when(inputs.socketMode, ['Socket Mode'], (slack) => checkSocketMode(slack, slackLog)),
    when(inputs.neon, ['Neon key'], checkNeon),
    when(inputs.database, ['Database'], (db) => checkDatabase(db.databaseUrl)),
  ]);
  const configuration = problems.length
    ? problems.map((p) => fail(p.variable, p.detail))
    : [ok('Configuration', 'every variable is valid')];
  const checks = [...configuration, ...groups.flat()];
  const scrub = new Scrubber();
  for (const secret of secrets) scrub.addSecret(secret);
  out.write(scrub.text(renderChecklist(checks)));
  return checks.some((c) => c.mark === 'fail') ? 1 : 0;
}
