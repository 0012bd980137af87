import type { Config } from '../config.ts';

/** Every secret value the configuration holds, for the scrubber: matched exactly, whatever its shape. */
export function configSecrets(config: Config): (string | undefined)[] {
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.neon.fallbackKey,
    config.encryptionKey?.toString('base64'),
    databasePassword(config.databaseUrl),
  ];
}

function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** The secret variables as set, valid or not: a command that runs on a bad configuration still hides them. */
export function envSecrets(env: NodeJS.ProcessEnv): (string | undefined)[] {
  const names = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'NEON_API_KEY', 'BOT_ENCRYPTION_KEY'];
  return [...names.map((n) => env[n]?.trim()), databasePassword(env.DATABASE_URL?.trim())];
}
