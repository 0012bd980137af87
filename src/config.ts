import { z } from 'zod';
import { type ConfigProblem, describeIssue, describeIssues, policyProblem } from './config-problems.ts';
import { EMPTY_POLICY, type Policy } from './domain/policy.ts';
import { loadPolicy } from './policy/load.ts';

const slackId = /^[UW][A-Z0-9]{2,}$/;
const channelId = /^[CDG][A-Z0-9]{2,}$/;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const list = (item: z.ZodString) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const logLevel = z.enum(['debug', 'info', 'warn', 'error']);

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const OPERATOR_DURATION = /^\d{1,6}[smhd]$/;
const operatorMs = (v: string) => Number(v.trim().slice(0, -1)) * UNIT_MS[v.trim().slice(-1) as keyof typeof UNIT_MS];
/** Operator durations (`90s`, `30m`, `24h`, `7d`); seconds are allowed here so tests can run short. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => OPERATOR_DURATION.test(v.trim()), 'must be a duration like 90s, 30m, 24h or 7d')
    .transform(operatorMs);

/** Several operator durations, comma-separated (`24h,1h`), or `off` for none. */
const durations = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.trim())
    .refine(
      (v) => v === 'off' || v.split(',').every((d) => OPERATOR_DURATION.test(d.trim())),
      'must be durations like 24h,1h (comma-separated: 90s, 30m, 24h, 7d), or off',
    )
    .transform((v) => (v === 'off' ? [] : v.split(',').map(operatorMs)));

/** Five or six cron fields (pg-boss's cron, in UTC), or `off`. */
const CRON = /^[\w*,/?#-]+(\s+[\w*,/?#-]+){4,5}$/;
const cron = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.trim())
    .refine((v) => v === 'off' || CRON.test(v), 'must be a cron schedule like "0 6 * * *" (UTC), or off')
    .transform((v) => (v === 'off' ? undefined : v));

/** Every variable the bot reads, validated once at start. */
export const configSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must start with xoxb-'),
    SLACK_SIGNING_SECRET: optional(z.string().min(8, 'is too short')),
    SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must start with xapp-')),
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    SLASH_COMMAND: z
      .string()
      .regex(
        /^\/[a-z0-9_-]{1,31}$/,
        'must be / then lowercase letters, digits, - or _ (32 characters at most), like /neon-access',
      )
      .default('/neon'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    NEON_ORG_ID: z.string().regex(/^org-[a-z0-9-]{1,56}$/, 'must look like org-…'),
    NEON_API_URL: z.url().default('https://console.neon.tech/api/v2'),
    NEON_API_KEY: optional(z.string().min(8, 'is too short')),
    DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
    LOG_LEVEL: logLevel.default('info'),
    BOT_ENCRYPTION_KEY: optional(
      z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64'),
    ),
    APPROVER_SLACK_IDS: list(z.string().regex(slackId, 'must be Slack user IDs (U…)')),
    APPROVER_USERGROUP_ID: optional(z.string().regex(/^S[A-Z0-9]{2,}$/, 'must be a user group ID (S…)')),
    APPROVAL_CHANNEL_ID: optional(z.string().regex(channelId, 'must be a channel ID (C…)')),
    AUDIT_CHANNEL_ID: optional(z.string().regex(channelId, 'must be a channel ID (C…)')),
    ALLOWED_EMAIL_DOMAINS: list(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be domains like example.com')),
    POLICY_FILE: optional(z.string()),
    REQUEST_TTL: duration('24h'),
    EXECUTION_ATTEMPT_TIMEOUT: duration('6m'),
    ROLE_MAX_DURATION: duration('7d'),
    KEY_DEFAULT_DURATION: duration('7d'),
    KEY_MAX_DURATION: duration('30d'),
    KEY_SECRET_HOLD: duration('15m'),
    GRANT_WARNINGS: durations('24h,1h'),
    RECONCILE_CRON: cron('0 6 * * *'),
    RECONCILE_INVITE_MAX_AGE: duration('14d'),
  })
  // Run even when some variable failed, so one start reports these too; a failed field holds its
  // raw value here, hence the type guards.
  .superRefine(
    (c, ctx) => {
      if (
        typeof c.KEY_DEFAULT_DURATION === 'number' &&
        typeof c.KEY_MAX_DURATION === 'number' &&
        c.KEY_DEFAULT_DURATION > c.KEY_MAX_DURATION
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['KEY_DEFAULT_DURATION'],
          message: 'must not be longer than KEY_MAX_DURATION',
        });
      }
      if (!c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: 'is required in HTTP mode (no SLACK_APP_TOKEN)',
        });
      }
      if (Array.isArray(c.APPROVER_SLACK_IDS) && c.APPROVER_SLACK_IDS.length === 0 && !c.APPROVER_USERGROUP_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['APPROVER_SLACK_IDS'],
          message: 'or APPROVER_USERGROUP_ID must name at least one approver',
        });
      }
    },
    { when: () => true },
  );

export type RawConfig = z.infer<typeof configSchema>;

/** The shape the rest of the code uses: grouped, camel-cased, no env names. */
export interface Config {
  slack: { botToken: string; signingSecret?: string; appToken?: string; apiUrl: string; port: number; command: string };
  neon: { orgId: string; apiUrl: string; fallbackKey?: string };
  databaseUrl?: string;
  logLevel: z.infer<typeof logLevel>;
  encryptionKey?: Buffer;
  approvers: { userIds: string[]; usergroupId?: string };
  approvalChannelId?: string;
  auditChannelId?: string;
  allowedEmailDomains: string[];
  policyFile?: string;
  /** POLICY_FILE as validated at start; without one, EMPTY_POLICY (today's behaviour). */
  policy: Policy;
  /** Undecided requests expire after this; approvers are reminded half-way. */
  requestTtlMs: number;
  /** One execution attempt running longer is deemed dead (its process crashed) and retried. */
  executionAttemptTimeoutMs: number;
  /** The longest temporary role one may ask for; a longer ask is refused before any card. */
  roleMaxDurationMs: number;
  /** A project key asked without `for <duration>` lasts this long; no ask may exceed the maximum. */
  keyDefaultDurationMs: number;
  keyMaxDurationMs: number;
  /** A new key's secret is held (sealed) at most this long for its one reveal, then deleted. */
  keySecretHoldMs: number;
  /** How long before a grant's end its holder is warned (GRANT_WARNINGS), each once. */
  grantWarningsMs: number[];
  /** When reconciliation runs on its own (cron, UTC); undefined: only on `/neon admin reconcile`. */
  reconcileCron?: string;
  /** Reconciliation reports invitations pending longer than this. */
  reconcileInviteMaxAgeMs: number;
}

/** What a command prints for a bad configuration: a line per problem (`config: …`, `policy: …`), and those lines joined. */
export type ConfigFailure = { ok: false; errors: string[]; message: string };
export type ConfigResult = { ok: true; config: Config } | ConfigFailure;

const VARIABLES = Object.keys(configSchema.shape);

function failure(problems: readonly ConfigProblem[]): ConfigFailure {
  const errors = problems.map((p) => p.line);
  return { ok: false, errors, message: errors.join('\n') };
}

/** One variable checked on its own: its value, or what is wrong with it. */
function variable<K extends keyof RawConfig>(
  env: NodeJS.ProcessEnv,
  name: K,
): { ok: true; value: RawConfig[K] } | { ok: false; problem: ConfigProblem } {
  const parsed = (configSchema.shape[name] as z.ZodType).safeParse(env[name]);
  return parsed.success
    ? { ok: true, value: parsed.data as RawConfig[K] }
    : { ok: false, problem: describeIssue(name, parsed.error.issues[0]!, env) };
}

function check(env: NodeJS.ProcessEnv): { parsed: RawConfig | undefined; policy: Policy; problems: ConfigProblem[] } {
  const parsed = configSchema.safeParse(env);
  const problems = parsed.success ? [] : describeIssues(parsed.error.issues, env, VARIABLES);
  // The policy file is configuration too: its problem is reported with the others, whatever they are.
  const file = variable(env, 'POLICY_FILE');
  const policy = file.ok && file.value ? loadPolicy(file.value) : { ok: true as const, policy: EMPTY_POLICY };
  if (!policy.ok) problems.push(policyProblem(policy.error));
  return {
    parsed: parsed.success ? parsed.data : undefined,
    policy: policy.ok ? policy.policy : EMPTY_POLICY,
    problems,
  };
}

/** Every problem the configuration has, one per variable, as `loadConfig` reports them (for doctor's checklist). */
export function configProblems(env: NodeJS.ProcessEnv): ConfigProblem[] {
  return check(env).problems;
}

/**
 * Each variable checked on its own, for what needs only some of them (doctor's checks): the
 * values of those that are valid. A variable that is unset and has no default is absent either way.
 */
export function validVariables(env: NodeJS.ProcessEnv): Partial<RawConfig> {
  const values: Partial<Record<keyof RawConfig, unknown>> = {};
  for (const name of VARIABLES as (keyof RawConfig)[]) {
    const one = variable(env, name);
    if (one.ok) values[name] = one.value;
  }
  return values as Partial<RawConfig>;
}

/** Just these variables, for commands that need no more (audit, migrate): the rest may be absent or wrong. */
export function loadVariables<K extends keyof RawConfig>(
  env: NodeJS.ProcessEnv,
  names: readonly K[],
): { ok: true; values: Pick<RawConfig, K> } | ConfigFailure {
  const values: Partial<Pick<RawConfig, K>> = {};
  const problems: ConfigProblem[] = [];
  for (const name of names) {
    const one = variable(env, name);
    if (one.ok) values[name] = one.value;
    else problems.push(one.problem);
  }
  return problems.length ? failure(problems) : { ok: true, values: values as Pick<RawConfig, K> };
}

/**
 * Every problem at once, one line per variable, each saying what a good value looks like; never
 * a value (it may be a secret).
 */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const { parsed, policy, problems } = check(env);
  if (!parsed || problems.length) return failure(problems);
  const c = parsed;
  return {
    ok: true,
    config: {
      slack: {
        botToken: c.SLACK_BOT_TOKEN,
        signingSecret: c.SLACK_SIGNING_SECRET,
        appToken: c.SLACK_APP_TOKEN,
        apiUrl: c.SLACK_API_URL,
        port: c.PORT,
        command: c.SLASH_COMMAND,
      },
      neon: { orgId: c.NEON_ORG_ID, apiUrl: c.NEON_API_URL.replace(/\/+$/, ''), fallbackKey: c.NEON_API_KEY },
      databaseUrl: c.DATABASE_URL,
      logLevel: c.LOG_LEVEL,
      encryptionKey: c.BOT_ENCRYPTION_KEY ? Buffer.from(c.BOT_ENCRYPTION_KEY, 'base64') : undefined,
      approvers: { userIds: c.APPROVER_SLACK_IDS, usergroupId: c.APPROVER_USERGROUP_ID },
      approvalChannelId: c.APPROVAL_CHANNEL_ID,
      auditChannelId: c.AUDIT_CHANNEL_ID,
      allowedEmailDomains: c.ALLOWED_EMAIL_DOMAINS.map((d) => d.toLowerCase()),
      policyFile: c.POLICY_FILE,
      policy,
      requestTtlMs: c.REQUEST_TTL,
      executionAttemptTimeoutMs: c.EXECUTION_ATTEMPT_TIMEOUT,
      roleMaxDurationMs: c.ROLE_MAX_DURATION,
      keyDefaultDurationMs: c.KEY_DEFAULT_DURATION,
      keyMaxDurationMs: c.KEY_MAX_DURATION,
      keySecretHoldMs: c.KEY_SECRET_HOLD,
      grantWarningsMs: c.GRANT_WARNINGS,
      reconcileCron: c.RECONCILE_CRON,
      reconcileInviteMaxAgeMs: c.RECONCILE_INVITE_MAX_AGE,
    },
  };
}
