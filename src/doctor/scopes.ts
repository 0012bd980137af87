/**
 * The bot scopes the code needs; manifest.yml's oauth_config.scopes.bot asks for exactly these
 * (a test holds the two together). Kept in code because the built bot ships without the manifest.
 */
export const REQUIRED_BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'users:read.email',
  'usergroups:read',
] as const;
