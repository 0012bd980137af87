/** The fake workspace's state and the services its request handlers share. */
import type { Directory } from './directory.ts';
import type { FaultQueue } from './faults.ts';
import type { Grants } from './grants.ts';
import type { MessageStore } from './message-store.ts';
import type { Recorder } from './recorder.ts';
import { fail } from './slack-error.ts';
import type { SocketModeHub } from './socket-mode.ts';
import type { Json } from './types.ts';
import type { ViewStore } from './view-store.ts';

export interface Identity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
}

export interface FakeWorld {
  identity: Identity;
  directory: Directory;
  messages: MessageStore;
  views: ViewStore;
  grants: Grants;
  socketMode: SocketModeHub;
}

/** What the request handlers share. */
export interface FakeContext {
  world: FakeWorld;
  recorder: Recorder;
  faults: FaultQueue;
  botToken: string;
  appToken?: string;
  scopes: readonly string[];
}

/** Answers the `ok: true` part of a Web API call, or throws a SlackApiError. */
export type MethodHandler = (world: FakeWorld, args: Json) => Json;

export function requiredString(args: Json, name: string): string {
  const value = args[name];
  return typeof value === 'string' && value !== '' ? value : fail('invalid_arguments');
}

export function requiredObject(args: Json, name: string): Json {
  const value = args[name];
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject ? (value as Json) : fail('invalid_arguments');
}
