/** Every Web API method the fake answers, by name. */
import type { MethodHandler } from '../world.ts';
import { appMethods } from './apps.ts';
import { chatMethods } from './chat.ts';
import { conversationMethods } from './conversations.ts';
import { identityMethods } from './identity.ts';
import { viewMethods } from './views.ts';

export const methods: Record<string, MethodHandler> = {
  ...identityMethods,
  ...conversationMethods,
  ...chatMethods,
  ...viewMethods,
  ...appMethods,
};
