import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import { type Bot, startBot } from '../src/main.ts';
import type { NeonClientOptions } from '../src/neon/client.ts';
import { type NeonEmulator, type NeonEmulatorOptions, startNeonEmulator } from './neon/index.ts';
import { type FakeSlack, type FakeUser, startFakeSlack } from './slack/index.ts';
import { SlackDriver } from './slack-driver.ts';

/** The cast shared by the end-to-end tests and the demo: Slack users, and which of them Neon knows. */
export const PEOPLE = {
  member: { id: 'UMEMBER01', name: 'mia', realName: 'Mia Member', email: 'Mia@Example.com' },
  teammate: { id: 'UTEAMMATE', name: 'tom', realName: 'Tom Teammate', email: 'tom@example.com' },
  admin: { id: 'UADMIN001', name: 'ada', realName: 'Ada Admin', email: 'ada@example.com' },
  admin2: { id: 'UADMIN002', name: 'bob', realName: 'Bob Boss', email: 'bob@example.com' },
  outsider: { id: 'UOUTSIDE1', name: 'eve', realName: 'Eve Elsewhere', email: 'eve@elsewhere.test' },
  guest: { id: 'UGUEST001', name: 'gus', realName: 'Gus Guest', email: 'gus@example.com', isRestricted: true },
  noEmail: { id: 'UNOEMAIL1', name: 'nora', realName: 'Nora Noemail' },
} satisfies Record<string, FakeUser>;

export const CHANNELS = { approvals: 'CAPPROVALS', audit: 'CAUDIT001', general: 'CGENERAL1' };

/** The org's Neon projects (ids are the emulator's); two share a word, so `billing` alone names none of them. */
export const PROJECT_NAMES = ['billing-api', 'billing-web', 'shop'] as const;

export interface Stage {
  bot: Bot;
  slack: FakeSlack;
  neon: NeonEmulator;
  driver: SlackDriver;
  /** Every secret the run holds, for leak scans. */
  secrets: string[];
  /** Ada's personal Neon key (she is an org admin); also the fallback NEON_API_KEY. */
  adminKey: string;
  stop(): Promise<void>;
}

export interface StageOptions {
  /** Where the bot's JSON log lines go. */
  logDestination: NodeJS.WritableStream;
  /** Unset: the bot starts its embedded PostgreSQL under `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** Extra or overriding environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  emulator?: NeonEmulatorOptions;
  /** Over the tests' defaults below. */
  neonClientOptions?: Partial<NeonClientOptions>;
}

export interface StandIns {
  slack: FakeSlack;
  neon: NeonEmulator;
  /** The bot's whole environment, pointing at the stand-ins. */
  env: Record<string, string | undefined>;
  signingSecret: string;
  secrets: string[];
  adminKey: string;
  close(): Promise<void>;
}

/** A Slack app-level token for a test: the prefix config checks, then a value made at run time. */
export const newAppToken = () => `xapp-test-${randomBytes(12).toString('hex')}`;

/** The fake Slack and the Neon emulator, seeded with the cast, and the environment a bot needs to use them. */
export async function startStandIns(opts: Pick<StageOptions, 'databaseUrl' | 'env' | 'emulator'>): Promise<StandIns> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-test-${randomBytes(12).toString('hex')}`;
  const encryptionKey = randomBytes(32).toString('base64');
  const slack = await startFakeSlack({ botToken, users: Object.values(PEOPLE), channels: Object.values(CHANNELS) });
  const neon = await startNeonEmulator(opts.emulator);
  const ada = neon.addUser({ email: PEOPLE.admin.email, name: 'Ada' });
  neon.addMember(ada.id, 'admin');
  const tom = neon.addUser({ email: PEOPLE.teammate.email, name: 'Tom' });
  neon.addMember(tom.id, 'member');
  for (const name of PROJECT_NAMES) neon.addProject({ name });
  const env = {
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    NEON_ORG_ID: neon.orgId,
    NEON_API_URL: neon.url,
    NEON_API_KEY: ada.personalKey,
    BOT_ENCRYPTION_KEY: encryptionKey,
    DATABASE_URL: opts.databaseUrl,
    LOG_LEVEL: 'debug',
    APPROVER_SLACK_IDS: `${PEOPLE.admin.id},${PEOPLE.admin2.id}`,
    APPROVAL_CHANNEL_ID: CHANNELS.approvals,
    AUDIT_CHANNEL_ID: CHANNELS.audit,
    ALLOWED_EMAIL_DOMAINS: 'example.com',
    // No daily reconciliation posting into a test's audit channel at 06:00 UTC; a test that wants it sets it.
    RECONCILE_CRON: 'off',
    ...opts.env,
  };
  return {
    slack,
    neon,
    env,
    signingSecret,
    secrets: [signingSecret, botToken, encryptionKey, ada.personalKey, tom.personalKey],
    adminKey: ada.personalKey,
    close: async () => {
      await Promise.all([slack.close(), neon.close()]);
    },
  };
}

/** The real bot (real Bolt over HTTP, real Postgres) wired to the project's own Slack and Neon stand-ins. */
export async function startStage(opts: StageOptions): Promise<Stage> {
  const { slack, neon, env, signingSecret, secrets, adminKey, close } = await startStandIns(opts);
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.message);
  const bot = await startBot(loaded.config, {
    logDestination: opts.logDestination,
    dataDir: opts.dataDir,
    slackClientOptions: { retryConfig: { retries: 0 }, timeout: 2_000 },
    neonClientOptions: {
      retryBaseMs: 5,
      timeoutMs: 2_000,
      // Neon's clock at 1/20: writes wait 6 s (120 s in production), a lost one may land for 6.5 s.
      writeTimeoutMs: 6_000,
      settleMs: 6_500,
      // Tests change Neon and ask at once: asks in flight together still share a read, no later one.
      sharedReadTtlMs: 0,
      ...opts.neonClientOptions,
    },
  });
  const driver = new SlackDriver({
    botUrl: `http://127.0.0.1:${bot.port}`,
    signingSecret,
    fake: slack,
    channelId: CHANNELS.general,
    command: loaded.config.slack.command,
  });
  return {
    bot,
    slack,
    neon,
    driver,
    secrets,
    adminKey,
    async stop() {
      await bot.stop();
      await close();
    },
  };
}
