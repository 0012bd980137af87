/** Fake Slack for tests: a Web API + response_url server on 127.0.0.1 that records everything. */

export { FakeSlack, startFakeSlack } from './fake-slack.ts';
export { asSlackMessage } from './message-store.ts';
export type { WaitOptions } from './recorder.ts';
export type { EnvelopeType, SocketModeAck, SocketModeHub } from './socket-mode.ts';
export type * from './types.ts';
export { visibleText } from './visible-text.ts';
export type { Identity } from './world.ts';
