import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from './config.ts';
import { SealedBox } from './crypto/sealed.ts';
import { newRequestId } from './domain/request-id.ts';
import { healthRoutes } from './http/health.ts';
import { metricsRoute } from './http/metrics.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { sweepOrphanedExecutions } from './jobs/orphaned-executions.ts';
import { startJobs } from './jobs/queue.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { outsideRequests } from './log/request-scope.ts';
import { configSecrets } from './log/secrets.ts';
import { Metrics } from './metrics/metrics.ts';
import { createNeonClient, type NeonClientOptions } from './neon/client.ts';
import { Approvers } from './services/approvers.ts';
import { Cards } from './services/cards.ts';
import type { ServiceContext } from './services/context.ts';
import { KeyChooser } from './services/key-choice.ts';
import { createSlackApp, initSlackApp, startSlackApp } from './slack/app.ts';
import { Directory } from './slack/directory.ts';
import { registerListeners } from './slack/listeners/register.ts';
import { slackPresenter } from './slack/presenter.ts';
import { SlackSurface } from './slack/surface.ts';
import { UserGroups } from './slack/usergroups.ts';
import { CredentialStore } from './store/credentials.ts';
import { type Database, openDatabase } from './store/database.ts';
import { DriftRecords } from './store/drift-records.ts';
import { HomeViewers } from './store/home-viewers.ts';
import { KeySecrets } from './store/key-secrets.ts';
import { Listings } from './store/listings.ts';
import { migrate } from './store/migrate.ts';
import { RequestStore } from './store/requests.ts';
import { RunLocks } from './store/run-locks.ts';

/**
 * Every wait on the database that a person may be in ends in time for a clear "try again" within
 * Slack's patience (3 s): a partition otherwise leaves them with no answer at all.
 */
const DATABASE_TIMEOUT_MS = 2_000;

export interface BotOptions {
  /** Where JSON log lines go (default stdout); tests capture them to scan for secrets. */
  logDestination?: NodeJS.WritableStream;
  /** Where the embedded database lives when DATABASE_URL is unset (default ./data). */
  dataDir?: string;
  slackClientOptions?: WebClientOptions;
  neonClientOptions?: Partial<NeonClientOptions>;
}

export interface Bot {
  app: App;
  db: Database;
  ctx: ServiceContext;
  log: Logger;
  /** The HTTP port actually bound (PORT=0 picks a free one). */
  port: number;
  stop(): Promise<void>;
}

export function loggerFor(config: Config, destination?: NodeJS.WritableStream): Logger {
  return createLogger({
    level: config.logLevel,
    destination,
    secrets: configSecrets(config),
  });
}

/** Wiring only: config → database → Slack app → services → start. */
export async function startBot(config: Config, opts: BotOptions = {}): Promise<Bot> {
  const log = loggerFor(config, opts.logDestination);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: opts.dataDir,
    connectTimeoutMs: DATABASE_TIMEOUT_MS,
    statementTimeoutMs: DATABASE_TIMEOUT_MS,
    onServerLog: (line) => log.debug({ component: 'postgres' }, line),
    onPoolError: outsideRequests((err) =>
      log.warn({ err }, 'database connection lost; it will reconnect on the next query'),
    ),
  });
  try {
    await migrate(db.url, (msg) => log.debug({ component: 'migrate' }, msg));
    return await startOnDatabase(config, db, log, opts);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function startOnDatabase(config: Config, db: Database, log: Logger, opts: BotOptions): Promise<Bot> {
  const metrics = new Metrics();
  const slackOptions = {
    config,
    log,
    routes: [...healthRoutes(db.pool), metricsRoute(metrics.registry)],
    clientOptions: opts.slackClientOptions,
  };
  const app = createSlackApp(slackOptions);
  // Before any job starts: a token Slack refuses ends the start here.
  await initSlackApp(app);
  const neon = createNeonClient({
    baseUrl: config.neon.apiUrl,
    onAttempt: (e) => metrics.neonAttempt(e),
    ...opts.neonClientOptions,
  });
  const store = new RequestStore(db.pool);
  const surface = new SlackSurface(app.client, log);
  const present = slackPresenter(config.slack.command);
  const groups = new UserGroups(app.client, log);
  const approvers = new Approvers(groups, config.approvers, config.policy);
  const credentials = new CredentialStore(
    db.pool,
    config.encryptionKey ? new SealedBox(config.encryptionKey) : undefined,
  );
  // Workers may find leftover jobs the moment they start; they wait until the context exists.
  let ready!: (ctx: ServiceContext) => void;
  const context = new Promise<ServiceContext>((resolve) => (ready = resolve));
  const jobs = await startJobs({
    databaseUrl: db.url,
    pool: db.pool,
    log,
    attemptTimeoutSeconds: Math.ceil(config.executionAttemptTimeoutMs / 1000),
    handlers: jobHandlers(context),
    cron: { reconcile: config.reconcileCron },
  });
  metrics.watchQueues(() => jobs.depth());
  const runLocks = new RunLocks({
    databaseUrl: db.url,
    timeoutMs: DATABASE_TIMEOUT_MS,
    onConnectionLost: outsideRequests((err, held) =>
      log.warn({ err, held }, 'lost the connection holding run locks; the runs go on unguarded until they end'),
    ),
  });

  const ctx: ServiceContext = {
    config,
    log,
    store,
    listings: new Listings(db.pool),
    driftRecords: new DriftRecords(db.pool),
    homeViewers: new HomeViewers(db.pool),
    neon,
    keys: new KeyChooser({
      fallbackKey: config.neon.fallbackKey,
      credentials,
      surface,
      present,
      auditChannelId: config.auditChannelId,
      log,
    }),
    credentials,
    keySecrets: new KeySecrets(db.pool, config.encryptionKey ? new SealedBox(config.encryptionKey) : undefined),
    surface,
    present,
    directory: new Directory(app.client),
    groups,
    approvers,
    cards: new Cards(store, surface, present, approvers, config.approvalChannelId, log),
    newRequestId: () => newRequestId((n) => randomBytes(n)),
    jobs,
    runLocks,
    metrics,
  };
  ready(ctx);
  registerListeners(app, ctx);
  const stopSweeping = sweepOrphanedExecutions(ctx);

  const slack = await startSlackApp(app, slackOptions).catch(async (err: unknown) => {
    stopSweeping();
    await jobs.stop();
    await runLocks.close();
    throw err;
  });
  const port = slack.port;
  log.info({ port, mode: config.slack.appToken ? 'socket' : 'http', database: db.kind }, 'neon-access-bot is up');

  return {
    app,
    db,
    ctx,
    log,
    port,
    async stop() {
      // Stop taking new work, let running jobs finish (bounded), then close connections; the
      // database whatever failed before it, since an embedded server would outlive the process.
      try {
        await slack.stop();
        stopSweeping();
        await jobs.stop();
        await runLocks.close();
        await neon.close();
      } finally {
        await db.close();
      }
    },
  };
}
