/** Fake Slack for tests: a Web API + response_url server on 127.0.0.1 that records everything. */
export { startFakeSlack, FakeSlack } from './fake-slack.ts';
export type { AckReport } from './acks.ts';
export { asSlackMessage } from './message-store.ts';
export type { WaitOptions } from './recorder.ts';
export type { EnvelopeType, SocketModeAck, SocketModeHub } from './socket-mode.ts';
export { visibleText } from './visible-text.ts';
export type * from './types.ts';
export type { Identity } from './world.ts';
