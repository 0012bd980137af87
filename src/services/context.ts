import type { Chat, Groups, Jobs, People, Presenter } from '../app/ports.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { NeonClient } from '../neon/client.ts';
import type { CredentialStore } from '../store/credentials.ts';
import type { DriftRecords } from '../store/drift-records.ts';
import type { HomeViewers } from '../store/home-viewers.ts';
import type { KeySecrets } from '../store/key-secrets.ts';
import type { Listings } from '../store/listings.ts';
import type { RequestStore } from '../store/requests.ts';
import type { RunLocks } from '../store/run-locks.ts';
import type { Approvers } from './approvers.ts';
import type { Cards } from './cards.ts';
import type { KeyChooser } from './key-choice.ts';

/** Everything a service may touch, built once in main.ts. */
export interface ServiceContext {
  config: Config;
  log: Logger;
  store: RequestStore;
  /** Read-only views: my requests and grants, what waits for a decision. */
  listings: Listings;
  /** What the bot's records say it granted, for reconciliation against Neon. */
  driftRecords: DriftRecords;
  /** Who has opened the Home tab (only their Homes are re-published after a change). */
  homeViewers: HomeViewers;
  neon: NeonClient;
  keys: KeyChooser;
  /** Admins' own Neon keys, stored sealed (`/neon admin connect`). */
  credentials: CredentialStore;
  /** New project keys' secrets, sealed until their one reveal. */
  keySecrets: KeySecrets;
  /** Writes to the chat (Slack, through slack/surface.ts). */
  surface: Chat;
  /** Turns requests and outcomes into messages (slack/presenter.ts). */
  present: Presenter;
  directory: People;
  /** User groups' members (cached), for policy rules that name a group. */
  groups: Groups;
  approvers: Approvers;
  cards: Cards;
  newRequestId: () => string;
  /** Durable work: execution of approved requests and everything scheduled for later. */
  jobs: Jobs;
  /** Work that must not run twice at once, in any replica (a request's Neon step). */
  runLocks: RunLocks;
  /** Prometheus counts (GET /metrics); transitions are counted in transitions/move.ts. */
  metrics: Metrics;
}
