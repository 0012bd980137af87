import type { RequestKind } from '../domain/request.ts';
import { grantExtensionAction } from './grant-extension.ts';
import { inviteAction } from './invite.ts';
import type { KindAction } from './kind-action.ts';
import { memberRemovalAction } from './member-removal.ts';
import { projectKeyAction } from './project-key.ts';
import { roleChangeAction } from './role-change.ts';

export const KIND_ACTIONS: Record<RequestKind, KindAction> = {
  invite: inviteAction,
  key: projectKeyAction,
  role: roleChangeAction,
  remove: memberRemovalAction,
  extend: grantExtensionAction,
};
