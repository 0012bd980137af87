/** The fake Slack a test talks to: seeding, grants, fault switches and what was received. */
import { receiveAck } from './acks.ts';
import { answerApiCall } from './api.ts';
import { Directory } from './directory.ts';
import { FaultQueue } from './faults.ts';
import { Grants } from './grants.ts';
import { manifestBotScopes } from './manifest-scopes.ts';
import { MessageStore } from './message-store.ts';
import { Recorder, type WaitOptions } from './recorder.ts';
import { answerResponseUrl } from './response-url.ts';
import { type Listening, listen, type Route, textReply } from './server.ts';
import { SocketModeHub } from './socket-mode.ts';
import type {
  AckReport,
  FakeEphemeral,
  FakeMessage,
  FakeSlackOptions,
  FakeUser,
  FakeView,
  Fault,
  RecordedCall,
  ResponseOrigin,
  Violation,
} from './types.ts';
import { ViewStore } from './view-store.ts';
import type { FakeContext, Identity } from './world.ts';

/** The test's clock (or the wall clock) plus however far the test moved it. */
class Clock {
  offsetMs = 0;

  private readonly base: () => number;

  constructor(base: () => number) {
    this.base = base;
  }

  now(): number {
    return this.base() + this.offsetMs;
  }
}

/** Owner of grants issued without a user, so they still work. */
const ANONYMOUS_USER = 'U0ANONYMOUS';

export class FakeSlack {
  /** e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Give this to the bot as `slackApiUrl` (`${url}/api/`). */
  readonly apiUrl: string;
  readonly identity: Identity;
  private readonly ctx: FakeContext;
  private readonly clock: Clock;
  private readonly listening: Listening;

  private constructor(ctx: FakeContext, clock: Clock, listening: Listening) {
    this.ctx = ctx;
    this.clock = clock;
    this.listening = listening;
    this.url = listening.url;
    this.apiUrl = `${listening.url}/api/`;
    this.identity = ctx.world.identity;
  }

  static async start(options: FakeSlackOptions): Promise<FakeSlack> {
    const clock = new Clock(options.now ?? Date.now);
    const now = (): number => clock.now();
    const identity: Identity = {
      teamId: options.teamId ?? 'T0FAKE0001',
      teamDomain: 'fake-workspace',
      appId: 'A0FAKE0001',
      botUserId: options.botUserId ?? 'U0BOT00001',
      botId: options.botId ?? 'B0BOT00001',
    };
    const directory = new Directory();
    for (const user of options.users ?? []) directory.addUser(user);
    for (const [id, users] of Object.entries(options.usergroups ?? {})) directory.setUsergroup(id, users);
    for (const channel of options.channels ?? []) directory.addChannel(channel);
    // Socket Mode acks are applied and recorded like the HTTP acks the driver reports.
    const socketMode = new SocketModeHub(identity.appId, (ack) => receiveAck(ctx, ack));
    const ctx: FakeContext = {
      world: {
        identity,
        directory,
        messages: new MessageStore({ user: identity.botUserId, bot_id: identity.botId }, now),
        views: new ViewStore(identity),
        grants: new Grants(now),
        socketMode,
      },
      recorder: new Recorder(now),
      faults: new FaultQueue(),
      botToken: options.botToken,
      appToken: options.appToken,
      scopes: options.scopes ?? manifestBotScopes(),
    };
    const listening = await listen(route(ctx), (req, socket, head) => socketMode.upgrade(req, socket, head));
    socketMode.attach(listening.url);
    return new FakeSlack(ctx, clock, listening);
  }

  get botToken(): string {
    return this.ctx.botToken;
  }

  /** Block Kit limits the bot broke, in arrival order. */
  get violations(): readonly Violation[] {
    return this.ctx.recorder.violations;
  }

  // ── seeding ────────────────────────────────────────────────────────────

  addUser(user: FakeUser): void {
    this.ctx.world.directory.addUser(user);
  }

  setUsergroup(id: string, userIds: string[]): void {
    this.ctx.world.directory.setUsergroup(id, userIds);
  }

  addChannel(id: string): void {
    this.ctx.world.directory.addChannel(id);
  }

  user(id: string): FakeUser | undefined {
    return this.ctx.world.directory.user(id);
  }

  // ── grants Slack would put in an interaction ───────────────────────────

  /** Works once, within 3 s of issue (by the fake's clock); views opened with it belong to `userId`. */
  newTriggerId(userId: string = ANONYMOUS_USER): string {
    return this.ctx.world.grants.newTrigger(userId);
  }

  /** `${url}/response/<id>`: 5 uses within 30 minutes. */
  newResponseUrl(origin: ResponseOrigin = { userId: ANONYMOUS_USER }): string {
    return `${this.url}/response/${this.ctx.world.grants.newResponseUrlId(origin)}`;
  }

  /** Moves the fake's clock forward (trigger and response_url expiry) instead of sleeping. */
  advanceClock(ms: number): void {
    this.clock.offsetMs += ms;
  }

  // ── faults ─────────────────────────────────────────────────────────────

  /** The next `times` calls to `method` (or `response_url`) fail this way. */
  failNext(method: string, fault: Fault, times = 1): void {
    this.ctx.faults.add(method, fault, times);
  }

  // ── what was received ──────────────────────────────────────────────────

  calls(method?: string): RecordedCall[] {
    return this.ctx.recorder.list(method);
  }

  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    options?: WaitOptions,
  ): Promise<RecordedCall> {
    return this.ctx.recorder.waitFor(method, predicate, options);
  }

  /** Whether `text` appears anywhere in what reached the fake: Web API calls, response_urls, acks. */
  containsText(text: string): boolean {
    return this.ctx.recorder.containsText(text);
  }

  /** Current version of each message in the channel, oldest first. */
  messages(channel: string): FakeMessage[] {
    return this.ctx.world.messages.list(channel);
  }

  /** One message with its edit `history`; undefined if never posted or deleted. */
  message(channel: string, ts: string): FakeMessage | undefined {
    return this.ctx.world.messages.find(channel, ts);
  }

  ephemerals(userId: string): FakeEphemeral[] {
    return this.ctx.world.messages.ephemeralsOf(userId);
  }

  dmChannelOf(userId: string): string | undefined {
    return this.ctx.world.directory.dmChannelOf(userId);
  }

  /** Open modals (root first) of one user, or of everybody. */
  views(userId?: string): FakeView[] {
    return this.ctx.world.views.openViews(userId);
  }

  /** Any view by id, open modal or Home tab. */
  view(viewId: string): FakeView | undefined {
    return this.ctx.world.views.find(viewId);
  }

  /** The person closed a modal (its ✕ or Cancel): it and any pushed on top of it go. */
  closeView(viewId: string): void {
    this.ctx.world.views.close(viewId);
  }

  homeView(userId: string): FakeView | undefined {
    return this.ctx.world.views.home(userId);
  }

  /** Called by the driver with each HTTP answer the bot gave Slack. */
  receiveAck(ack: AckReport): void {
    receiveAck(this.ctx, ack);
  }

  /** Socket Mode: the bot's open connections, and `send(type, payload)` → its ack. */
  get socketMode(): SocketModeHub {
    return this.ctx.world.socketMode;
  }

  async close(): Promise<void> {
    await this.ctx.world.socketMode.close();
    await this.listening.close();
  }
}

function route(ctx: FakeContext): Route {
  return async (request) => {
    if (request.method !== 'POST') return textReply('method_not_allowed', 405);
    const method = /^\/api\/([\w.]+)$/.exec(request.path)?.[1];
    if (method) return answerApiCall(ctx, method, request);
    const responseUrlId = /^\/response\/(\w+)$/.exec(request.path)?.[1];
    if (responseUrlId) return answerResponseUrl(ctx, responseUrlId, request);
    return textReply('not_found', 404);
  };
}

export function startFakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
