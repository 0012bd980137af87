import { requireOrg } from '../auth.ts';
import { NeonHttpError } from '../errors.ts';
import type { OrgState, ProjectRecord } from '../state.ts';
import { decodeCursor, encodeCursor, type Handler, type HandlerContext, optionalInt } from './context.ts';

const DEFAULT_LIMIT = 10;

function listItemJson(state: OrgState, p: ProjectRecord) {
  return {
    id: p.id,
    name: p.name,
    platform_id: 'aws',
    region_id: 'aws-us-east-2',
    provisioner: 'k8s-neonvm',
    pg_version: 17,
    proxy_host: 'us-east-2.aws.neon.tech',
    branch_logical_size_limit: 0,
    branch_logical_size_limit_bytes: 0,
    store_passwords: true,
    active_time: 0,
    cpu_used_sec: 0,
    creation_source: 'console',
    created_at: p.createdAt,
    updated_at: p.createdAt,
    owner_id: state.projectOwnerId,
    org_id: state.org.id,
    org_name: state.org.name,
  };
}

function projectJson(state: OrgState, p: ProjectRecord) {
  return {
    ...listItemJson(state, p),
    history_retention_seconds: 86_400,
    consumption_period_start: p.createdAt,
    consumption_period_end: new Date(Date.parse(p.createdAt) + 30 * 86_400_000).toISOString(),
    active_time_seconds: 0,
    compute_time_seconds: 0,
    written_data_bytes: 0,
    data_transfer_bytes: 0,
    data_storage_bytes_hour: 0,
  };
}

/**
 * A personal key must name its org (Neon's own message below); an org key's org is implied;
 * a project-scoped key sees only its project.
 */
function visibleProjects(ctx: HandlerContext, orgId: string | undefined): readonly ProjectRecord[] {
  const { state, caller } = ctx;
  if (caller.kind === 'personal') {
    if (orgId === undefined)
      throw new NeonHttpError(400, 'org_id is required, you can find it on your organization settings page');
    requireOrg(state, caller, orgId);
    return state.liveProjects();
  }
  if (orgId !== undefined && orgId !== state.org.id) {
    throw new NeonHttpError(404, 'Account is not a member of the organization specified by org_id');
  }
  return caller.projectId ? state.liveProjects().filter((p) => p.id === caller.projectId) : state.liveProjects();
}

/** The cursor is always present, even on the last page; clients stop on a short page. */
export const listProjects: Handler = (ctx) => {
  const { state, query } = ctx;
  const search = query.search?.toLowerCase();
  const matching = visibleProjects(ctx, query.org_id).filter(
    (p) => !search || p.name.toLowerCase().includes(search) || p.id.includes(search),
  );
  const offset = decodeCursor(query.cursor);
  const page = matching.slice(offset, offset + (optionalInt(query.limit) ?? DEFAULT_LIMIT));
  return {
    projects: page.map((p) => listItemJson(state, p)),
    pagination: { cursor: encodeCursor(offset + page.length) },
    applications: {},
    integrations: {},
  };
};

export const getProject: Handler = (ctx) => {
  const { state } = ctx;
  const orgId = ctx.caller.kind === 'personal' ? state.org.id : undefined;
  const project = visibleProjects(ctx, orgId).find((p) => p.id === ctx.params.project_id);
  if (!project) throw new NeonHttpError(404, `project ${ctx.params.project_id} not found`);
  return { project: projectJson(state, project) };
};
