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
