/** chat.postMessage, chat.update, chat.postEphemeral, chat.getPermalink. */
import { checkedContent } from '../message-content.ts';
import { asSlackMessage } from '../message-store.ts';
import { fail } from '../slack-error.ts';
import type { Json } from '../types.ts';
import { type FakeWorld, type MethodHandler, requiredString } from '../world.ts';

/** A known channel, or a user id, which Slack takes as "the DM between the app and that user". */
function channelOf({ directory }: FakeWorld, args: Json): string {
  const channel = requiredString(args, 'channel');
  if (directory.hasChannel(channel)) return channel;
  if (directory.user(channel)) return directory.openConversation([channel]);
  return fail('channel_not_found');
}

function optionalString(args: Json, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': (world, args) => {
    const channel = channelOf(world, args);
    const message = world.messages.post(
      channel,
      checkedContent(args),
      'chat.postMessage',
      optionalString(args, 'thread_ts'),
    );
    return { channel, ts: message.ts, message: asSlackMessage(message) };
  },

  'chat.update': (world, args) => {
    const channel = channelOf(world, args);
    const message = world.messages.find(channel, requiredString(args, 'ts')) ?? fail('message_not_found');
    world.messages.update(message, checkedContent(args), { merge: true });
    return { channel, ts: message.ts, text: message.text ?? '', message: asSlackMessage(message) };
  },

  'chat.postEphemeral': (world, args) => {
    const channel = channelOf(world, args);
    const user = requiredString(args, 'user');
    if (!world.directory.user(user)) fail('user_not_found');
    const message = world.messages.postEphemeral(user, channel, checkedContent(args), 'chat.postEphemeral');
    return { message_ts: message.ts };
  },

  'chat.getPermalink': (world, args) => {
    const channel = channelOf(world, args);
    const message = world.messages.find(channel, requiredString(args, 'message_ts')) ?? fail('message_not_found');
    const permalink = `https://${world.identity.teamDomain}.slack.com/archives/${channel}/p${message.ts.replace('.', '')}`;
    return { channel, permalink };
  },
};
