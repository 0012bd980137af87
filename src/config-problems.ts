import type { z } from 'zod';

/** One bad variable. `detail` completes a sentence that starts with the variable's name; `line` is what a command prints. */
export interface ConfigProblem {
  variable: string;
  detail: string;
  line: string;
}

/**
 * What a good value looks like, and where to find one or how to make one: each line must be
 * enough to fix that variable without another start. Never the value itself (it may be a secret).
 */
const EXPECTED: Record<string, string> = {
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token, xoxb-… (Slack app settings → OAuth & Permissions)',
  SLACK_SIGNING_SECRET:
    "Slack's signing secret is 32 hexadecimal characters (Slack app settings → Basic Information → App Credentials)",
  SLACK_APP_TOKEN:
    'an app-level token with connections:write, xapp-… (Basic Information → App-Level Tokens); unset it for HTTP mode',
  SLACK_API_URL: 'a URL; unset, it is https://slack.com/api/ (only tests change it)',
  SLASH_COMMAND: "the manifest's slash command, which must match; unset, it is the default",
  PORT: 'a TCP port number from 0 to 65535; unset, it is 3000',
  NEON_ORG_ID: 'like org-cold-sun-12345678 (Neon console → Organization settings)',
  NEON_API_URL: 'a URL; unset, it is https://console.neon.tech/api/v2 (only tests change it)',
  NEON_API_KEY: "an org admin's personal API key (Neon console → Account settings → API keys), or unset",
  DATABASE_URL: 'like postgres://user@host:5432/dbname; unset, the bot keeps its own database in ./data',
  LOG_LEVEL: 'one of debug, info, warn, error; unset, it is info',
  BOT_ENCRYPTION_KEY: 'generate one with `openssl rand -base64 32`',
  APPROVER_SLACK_IDS:
    'Slack member IDs like U012AB3CD, comma-separated (a profile → ⋮ → Copy member ID), or a user group ID like S012AB3CD in APPROVER_USERGROUP_ID',
  APPROVER_USERGROUP_ID: 'a Slack user group ID like S012AB3CD',
  APPROVAL_CHANNEL_ID: "a channel ID like C012AB3CD (the channel's name → About, at the bottom)",
  AUDIT_CHANNEL_ID: "a channel ID like C012AB3CD (the channel's name → About, at the bottom)",
  ALLOWED_EMAIL_DOMAINS: 'domains like example.com, comma-separated',
  REQUEST_TTL: 'unset, it is 24h',
  EXECUTION_ATTEMPT_TIMEOUT: 'unset, it is 6m',
  ROLE_MAX_DURATION: 'unset, it is 7d',
  KEY_DEFAULT_DURATION: 'unset, it is 7d (and KEY_MAX_DURATION 30d)',
  KEY_MAX_DURATION: 'unset, it is 30d',
  KEY_SECRET_HOLD: 'unset, it is 15m',
  GRANT_WARNINGS: 'unset, it is 24h,1h',
  RECONCILE_INVITE_MAX_AGE: 'unset, it is 14d',
};

/** Our own messages read as the rest of a sentence ("must start with xoxb-"); Zod's own ("Too big: …") do not. */
const OWN_MESSAGE = /^(must|is|or) /;

export function variableProblem(variable: string, problem: string): ConfigProblem {
  const expected = EXPECTED[variable];
  const detail = expected ? `${problem}: ${expected}` : problem;
  return { variable, detail, line: `config: ${variable} ${detail}` };
}

/** The policy file's own line (`policy: <file>: <where>: <what>`) already names the file and the place in it. */
export function policyProblem(error: string): ConfigProblem {
  return { variable: 'POLICY_FILE', detail: error, line: error };
}

/** What is wrong with `variable`, in words that never include its value. */
export function describeIssue(variable: string, issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): ConfigProblem {
  const present = (env[variable] ?? '').trim() !== '';
  const message = issue.message.replace(/^Invalid input: /, '');
  const problem =
    !present && issue.code !== 'custom' ? 'is required' : OWN_MESSAGE.test(message) ? message : 'is not valid';
  return variableProblem(variable, problem);
}

/** One problem per variable (its first issue), in `order` (the schema's), so related lines stay together. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  env: NodeJS.ProcessEnv,
  order: readonly string[],
): ConfigProblem[] {
  const first = new Map<string, ConfigProblem>();
  for (const issue of issues) {
    const variable = String(issue.path[0] ?? 'configuration');
    if (!first.has(variable)) first.set(variable, describeIssue(variable, issue, env));
  }
  const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
  return [...first.values()].sort((a, b) => rank(a.variable) - rank(b.variable));
}
