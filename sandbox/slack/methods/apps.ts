/** apps.connections.open: the Socket Mode URL (called with the app-level token, see api.ts). */
import type { MethodHandler } from '../world.ts';

export const appMethods: Record<string, MethodHandler> = {
  'apps.connections.open': ({ socketMode }) => ({ url: socketMode.connectUrl() }),
};
