import { notAdmin, requireAdmin, requirePersonal } from '../auth.ts';
import { NeonHttpError } from '../errors.ts';
import type { ApiKeyRecord, OrgState } from '../state.ts';
import { type Handler, orgAccess } from './context.ts';

function withProject<T extends object>(json: T, key: ApiKeyRecord): T & { project_id?: string } {
  return key.projectId === undefined ? json : { ...json, project_id: key.projectId };
}

function listItemJson(state: OrgState, key: ApiKeyRecord) {
  const creator = state.user(key.createdBy);
  return withProject(
    {
      id: key.id,
      name: key.name,
      created_at: key.createdAt,
      // an object here, a bare uuid in the create and revoke responses: as in the spec
      created_by: { id: key.createdBy, name: creator?.name ?? '', image: '' },
      last_used_at: key.lastUsedAt,
      last_used_from_addr: key.lastUsedFromAddr,
    },
    key,
  );
}

export const listOrgApiKeys: Handler = (ctx) => {
  orgAccess(ctx);
  return ctx.state.liveOrgKeys().map((k) => listItemJson(ctx.state, k));
};

/** Docs: only admins create org-wide keys; any member may create a project-scoped one. */
export const createOrgApiKey: Handler = (ctx) => {
  const access = orgAccess(ctx);
  const { user } = requirePersonal(access.caller);
  const { key_name: name, project_id: projectId } = ctx.body as { key_name: string; project_id?: string };
  if (projectId === undefined) requireAdmin(access);
  else if (!ctx.state.project(projectId)) throw new NeonHttpError(404, `project ${projectId} not found`);
  const scope = projectId === undefined ? undefined : ctx.state.takeProjectKeyScope(projectId);
  const key = ctx.state.createOrgKey({ name, createdBy: user.id, projectId: scope });
  return withProject(
    { id: key.id, key: key.token, name: key.name, created_at: key.createdAt, created_by: key.createdBy },
    key,
  );
};

/** Org keys and admins may revoke any org key; a member only the keys they created. */
export const revokeOrgApiKey: Handler = (ctx) => {
  const access = orgAccess(ctx);
  const key = ctx.state.liveOrgKeys().find((k) => k.id === Number(ctx.params.key_id));
  if (!key) throw new NeonHttpError(404, 'API key not found');
  if (access.member && access.member.role !== 'admin' && access.member.userId !== key.createdBy) throw notAdmin();
  key.revoked = true;
  return withProject(
    {
      id: key.id,
      name: key.name,
      created_at: key.createdAt,
      created_by: key.createdBy,
      last_used_at: key.lastUsedAt,
      last_used_from_addr: key.lastUsedFromAddr,
      revoked: true,
    },
    key,
  );
};
