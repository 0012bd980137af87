import type { KindAction } from './kind-action.ts';

export const roleChangeAction: KindAction = {
  async perform() {
    throw new Error('role changes are not available yet');
  },
};
