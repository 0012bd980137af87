import type { KindAction } from './kind-action.ts';

export const projectKeyAction: KindAction = {
  async perform() {
    throw new Error('project keys are not available yet');
  },
};
