/** conversations.open: the bot's DM (or group DM) with users. */
import { fail } from '../slack-error.ts';
import { type MethodHandler, requiredString } from '../world.ts';

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.open': ({ directory }, args) => {
    const users = requiredString(args, 'users')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (users.length === 0 || users.length > 8) fail('invalid_arguments');
    if (users.some((id) => !directory.user(id))) fail('user_not_found');
    const alreadyOpen = users.length === 1 && directory.dmChannelOf(users[0] ?? '') !== undefined;
    const id = directory.openConversation(users);
    return { channel: { id }, ...(alreadyOpen ? { already_open: true, no_op: true } : {}) };
  },
};
