import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startBot, type Bot } from '../../src/main.ts';
import { startNeonEmulator, type NeonEmulator } from '../fakes/neon/index.ts';
import { startFakeSlack, type FakeSlack, type FakeUser } from '../fakes/slack/index.ts';
import { SlackDriver } from './slack-driver.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** The cast of every end-to-end test: Slack users, and which of them Neon knows. */
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

export interface LogCapture {
  lines: string[];
  text(): string;
}

export interface Harness {
  bot: Bot;
  slack: FakeSlack;
  neon: NeonEmulator;
  driver: SlackDriver;
  db: TestDatabase;
  logs: LogCapture;
  /** Every secret the run holds, for leak scans. */
  secrets: string[];
  /** The personal key of Ada (an org admin in Neon), also the fallback NEON_API_KEY. */
  adminKey: string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra or overriding environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
}

function captureLogs(): { capture: LogCapture; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { capture: { lines, text: () => lines.join('\n') }, stream };
}

/** Real bot, real Bolt HTTP receiver, real Postgres; Slack and Neon are the project's own stand-ins. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-test-${randomBytes(12).toString('hex')}`;
  const db = await createTestDatabase({ migrated: false });
  const slack = await startFakeSlack({ botToken, users: Object.values(PEOPLE), channels: Object.values(CHANNELS) });
  const neon = await startNeonEmulator();
  const ada = neon.addUser({ email: PEOPLE.admin.email, name: 'Ada' });
  neon.addMember(ada.id, 'admin');
  const tom = neon.addUser({ email: PEOPLE.teammate.email, name: 'Tom' });
  neon.addMember(tom.id, 'member');

  const env: Record<string, string | undefined> = {
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    NEON_ORG_ID: neon.orgId,
    NEON_API_URL: neon.url,
    NEON_API_KEY: ada.personalKey,
    DATABASE_URL: db.url,
    LOG_LEVEL: 'debug',
    APPROVER_SLACK_IDS: `${PEOPLE.admin.id},${PEOPLE.admin2.id}`,
    APPROVAL_CHANNEL_ID: CHANNELS.approvals,
    AUDIT_CHANNEL_ID: CHANNELS.audit,
    ALLOWED_EMAIL_DOMAINS: 'example.com',
    ...opts.env,
  };
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.error);
  const { capture, stream } = captureLogs();
  const secrets = [signingSecret, botToken, ada.personalKey, tom.personalKey];
  const logger = createLogger({ level: 'debug', secrets, destination: stream });
  const bot = await startBot(loaded.config, {
    logger,
    slackClientOptions: { retryConfig: { retries: 0 }, timeout: 2_000 },
    neonClientOptions: { retryBaseMs: 5, timeoutMs: 2_000 },
  });
  const driver = new SlackDriver({ botUrl: `http://127.0.0.1:${bot.port}`, signingSecret, fake: slack, channelId: CHANNELS.general });
  return {
    bot,
    slack,
    neon,
    driver,
    db,
    logs: capture,
    secrets,
    adminKey: ada.personalKey,
    async stop() {
      await bot.stop();
      await Promise.all([slack.close(), neon.close()]);
      await db.drop();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after the deadline. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
