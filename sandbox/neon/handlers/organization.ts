import type { OrgState } from '../state.ts';
import { type Handler, orgAccess } from './context.ts';

export function organizationJson(state: OrgState) {
  const { org } = state;
  return {
    id: org.id,
    name: org.name,
    handle: org.handle,
    plan: 'scale',
    created_at: org.createdAt,
    updated_at: org.createdAt,
    managed_by: 'console',
  };
}

export const getOrganization: Handler = (ctx) => {
  orgAccess(ctx);
  return organizationJson(ctx.state);
};
