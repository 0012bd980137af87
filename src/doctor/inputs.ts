import type { RawConfig } from '../config.ts';

/** What one check needs, or which variables it waits for (each of those has its own ✗ line). */
export type Input<T> = { ready: true; value: T } | { ready: false; waitsFor: string };

export interface NeonInput {
  fallbackKey: string | undefined;
  apiUrl: string;
  /** Not ready: the key is still checked; the org and admin steps wait. */
  orgId: Input<string>;
}

export interface DoctorInputs {
  slackToken: Input<{ botToken: string; apiUrl: string }>;
  socketMode: Input<{ appToken: string | undefined; apiUrl: string }>;
  neon: Input<NeonInput>;
  database: Input<{ databaseUrl: string | undefined }>;
}

type Name = keyof RawConfig;

/**
 * Each check runs as soon as the variables it reads are valid, whatever else is wrong: a new user
 * sees every answer the services can already give and, for the rest, which variable stands in the way.
 * `values` holds each valid variable (an optional one that is unset, as undefined).
 */
export function doctorInputs(env: NodeJS.ProcessEnv, values: Partial<RawConfig>): DoctorInputs {
  const waitsFor = (required: Name[], optional: Name[] = []): string | undefined => {
    const missing = [...required.filter((n) => values[n] === undefined), ...optional.filter((n) => !(n in values))];
    if (missing.length === 0) return undefined;
    return `not checked: waits for ${missing.map((n) => ((env[n] ?? '').trim() ? `a valid ${n}` : n)).join(' and ')}`;
  };
  const input = <T>(waiting: string | undefined, value: () => T): Input<T> =>
    waiting ? { ready: false, waitsFor: waiting } : { ready: true, value: value() };
  return {
    slackToken: input(waitsFor(['SLACK_BOT_TOKEN', 'SLACK_API_URL']), () => ({
      botToken: values.SLACK_BOT_TOKEN!,
      apiUrl: values.SLACK_API_URL!,
    })),
    socketMode: input(waitsFor(['SLACK_API_URL'], ['SLACK_APP_TOKEN']), () => ({
      appToken: values.SLACK_APP_TOKEN,
      apiUrl: values.SLACK_API_URL!,
    })),
    neon: input(waitsFor(['NEON_API_URL'], ['NEON_API_KEY']), () => ({
      fallbackKey: values.NEON_API_KEY,
      apiUrl: values.NEON_API_URL!.replace(/\/+$/, ''),
      orgId: input(waitsFor(['NEON_ORG_ID']), () => values.NEON_ORG_ID!),
    })),
    database: input(waitsFor([], ['DATABASE_URL']), () => ({ databaseUrl: values.DATABASE_URL })),
  };
}
