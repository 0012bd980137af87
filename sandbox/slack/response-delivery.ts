/**
 * Messages an app sends in answer to an interaction (through a response_url, or in the ack of a
 * slash command): ephemeral by default, `response_type: in_channel`, `replace_original`,
 * `delete_original`.
 */
import { flag } from './body.ts';
import { checkedContent } from './message-content.ts';
import { fail } from './slack-error.ts';
import type { FakeEphemeral, FakeMessage, Json, ResponseOrigin } from './types.ts';
import type { FakeWorld } from './world.ts';

type Original = { kind: 'channel'; message: FakeMessage } | { kind: 'ephemeral'; message: FakeEphemeral };

function originalOf({ messages }: FakeWorld, origin: ResponseOrigin): Original {
  const { channelId, messageTs, userId } = origin;
  if (!messageTs) return fail('no_original_message');
  const inChannel = channelId ? messages.find(channelId, messageTs) : undefined;
  if (inChannel) return { kind: 'channel', message: inChannel };
  const ephemeral = messages.findEphemeral(userId, messageTs);
  return ephemeral ? { kind: 'ephemeral', message: ephemeral } : fail('message_not_found');
}

export function deliverResponse(
  world: FakeWorld,
  origin: ResponseOrigin,
  body: Json,
  via: 'response_url' | 'ack',
): void {
  if (flag(body.delete_original)) {
    world.messages.remove(originalOf(world, origin).message);
    return;
  }
  const content = checkedContent(body);
  if (flag(body.replace_original)) {
    const original = originalOf(world, origin);
    if (original.kind === 'channel') world.messages.update(original.message, content, { merge: false });
    else world.messages.replaceEphemeral(original.message, content);
    return;
  }
  if (body.response_type === 'in_channel' && origin.channelId) {
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    world.messages.post(origin.channelId, content, via, threadTs);
    return;
  }
  world.messages.postEphemeral(origin.userId, origin.channelId, content, via);
}
