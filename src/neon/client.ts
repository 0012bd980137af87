import type { z } from 'zod';
import type { OrgRole } from '../domain/request.ts';
import { NeonError } from './errors.ts';
import { type AttemptEvent, createTransport, type HttpCall, type Transport } from './http.ts';
import { NEON_LIMITS, type NeonLimits } from './rate-limit.ts';
import {
  type CreatedProjectKey,
  type CurrentUser,
  createdKeySchema,
  currentUserSchema,
  emptySchema,
  type Invitation,
  invitationsSchema,
  type Member,
  memberSchema,
  membersPageSchema,
  type OrgApiKey,
  type Organization,
  type OrgMember,
  orgApiKeysSchema,
  organizationsSchema,
  type Project,
  projectResponseSchema,
  projectsPageSchema,
  type RevokedOrgApiKey,
  revokedKeySchema,
} from './schemas.ts';
import { sharedRead } from './shared-read.ts';

export type { AttemptEvent } from './http.ts';
export type {
  CreatedProjectKey,
  CurrentUser,
  Invitation,
  Member,
  OrgApiKey,
  Organization,
  OrgMember,
  Project,
  RevokedOrgApiKey,
} from './schemas.ts';

export interface NeonClientOptions {
  /** e.g. https://console.neon.tech/api/v2 */
  baseUrl: string;
  /** per attempt of a read (retried); default 10000 */
  timeoutMs?: number;
  /** per attempt of a write, never repeated after a timeout; default NEON_WRITE_TIMEOUT_MS */
  writeTimeoutMs?: number;
  /** how long after sending a write whose answer was lost it may still land; default NEON_SETTLE_MS */
  settleMs?: number;
  /** retries after the first attempt; default 3 */
  maxRetries?: number;
  /** first backoff step; default 500 */
  retryBaseMs?: number;
  userAgent?: string;
  /** the client keeps under these; default NEON_LIMITS */
  limits?: NeonLimits;
  /** how long one answer to a shared read (`shared`) serves other callers; default 2000 */
  sharedReadTtlMs?: number;
  onAttempt?: (event: AttemptEvent) => void;
}

/**
 * Neon documents no bound on its latency; answers after 25 s have been seen. A write is waited for
 * longer than the 100 s after which the usual proxies in front of an API (Cloudflare's default)
 * give up on a request, so an answer that can still come is not abandoned.
 */
export const NEON_WRITE_TIMEOUT_MS = 120_000;
/** Counted from sending: past the write timeout, so a write that timed out gets looks after it too. */
export const NEON_SETTLE_MS = 130_000;

/** The org-wide lists, as read for the checks when someone asks. */
export type OrgReads = Pick<NeonApi, 'listMembers' | 'listInvitations'>;

export interface NeonClient {
  /** The API as the holder of `apiKey`; `requestId` goes to Neon as X-Request-ID. */
  forKey(apiKey: string, ctx?: { requestId?: string }): NeonApi;
  /**
   * For the checks at ask time only: one GET answers every ask in flight and, for
   * `sharedReadTtlMs` after, the next ones, whichever key they use (the lists are the org's).
   * Never for the look before a write, which must see Neon as it is.
   */
  shared(apiKey: string): OrgReads;
  close(): Promise<void>;
}

export interface NeonApi {
  /** how long after sending a write whose answer was lost it may still land in Neon */
  readonly settleMs: number;
  getCurrentUser(): Promise<CurrentUser>;
  listMyOrganizations(): Promise<Organization[]>;
  /** every page */
  listMembers(orgId: string): Promise<OrgMember[]>;
  /** case-insensitive */
  findMemberByEmail(orgId: string, email: string): Promise<OrgMember | undefined>;
  updateMemberRole(orgId: string, memberId: string, role: OrgRole): Promise<Member>;
  /** Neon takes it only from an admin's personal key, and never removes the org's last admin. */
  removeMember(orgId: string, memberId: string): Promise<void>;
  /** pending and accepted alike: Neon does not tell them apart */
  listInvitations(orgId: string): Promise<Invitation[]>;
  createInvitations(orgId: string, invitations: { email: string; role: OrgRole }[]): Promise<Invitation[]>;
  listOrgApiKeys(orgId: string): Promise<OrgApiKey[]>;
  createProjectKey(orgId: string, input: { keyName: string; projectId: string }): Promise<CreatedProjectKey>;
  revokeOrgApiKey(orgId: string, keyId: number): Promise<RevokedOrgApiKey>;
  listProjects(
    orgId: string,
    page?: { search?: string; limit?: number; cursor?: string },
  ): Promise<{ projects: Project[]; cursor?: string }>;
  /** pages through until `max` projects or the end */
  searchProjects(orgId: string, search: string, max?: number): Promise<Project[]>;
  getProject(projectId: string): Promise<Project>;
}

const MEMBERS_PAGE = 500;
const PROJECTS_PAGE = 100;

export function createNeonClient(opts: NeonClientOptions): NeonClient {
  const transport = createTransport({
    baseUrl: opts.baseUrl,
    timeoutMs: opts.timeoutMs ?? 10_000,
    writeTimeoutMs: opts.writeTimeoutMs ?? NEON_WRITE_TIMEOUT_MS,
    maxRetries: opts.maxRetries ?? 3,
    retryBaseMs: opts.retryBaseMs ?? 500,
    userAgent: opts.userAgent ?? 'neon-access-bot',
    limits: opts.limits ?? NEON_LIMITS,
    ...(opts.onAttempt ? { onAttempt: opts.onAttempt } : {}),
  });
  const forKey = (apiKey: string, requestId?: string) =>
    neonApi(transport, apiKey, requestId, opts.settleMs ?? NEON_SETTLE_MS);
  const reads = new Map<string, (load: () => Promise<unknown>) => Promise<unknown>>();
  const shareOf = <T>(id: string, load: () => Promise<T>): Promise<T> => {
    let read = reads.get(id);
    if (!read) {
      read = sharedRead(opts.sharedReadTtlMs ?? 2_000);
      reads.set(id, read);
    }
    return read(load) as Promise<T>;
  };
  return {
    forKey: (apiKey, ctx) => forKey(apiKey, ctx?.requestId),
    shared: (apiKey) => ({
      listMembers: (orgId) => shareOf(`members ${orgId}`, () => forKey(apiKey).listMembers(orgId)),
      listInvitations: (orgId) => shareOf(`invitations ${orgId}`, () => forKey(apiKey).listInvitations(orgId)),
    }),
    close: () => transport.close(),
  };
}

// The key lives only in this closure, never on an object someone might log.
function neonApi(transport: Transport, apiKey: string, requestId: string | undefined, settleMs: number): NeonApi {
  async function call<S extends z.ZodType>(
    schema: S,
    req: Omit<HttpCall, 'apiKey' | 'requestId'>,
  ): Promise<z.output<S>> {
    const body = await transport.send({ ...req, apiKey, requestId });
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new NeonError({
      kind: 'invalid_response',
      status: 200,
      message: `unexpected answer from Neon to ${req.operation}: ${where}`,
      requestId,
      retryable: false,
      operation: req.operation,
    });
  }

  const org = (orgId: string): string => `/organizations/${encodeURIComponent(orgId)}`;

  const api: NeonApi = {
    settleMs,

    getCurrentUser: () =>
      call(currentUserSchema, { operation: 'getCurrentUserInfo', method: 'GET', path: '/users/me' }),

    listMyOrganizations: () =>
      call(organizationsSchema, {
        operation: 'getCurrentUserOrganizations',
        method: 'GET',
        path: '/users/me/organizations',
      }),

    async listMembers(orgId) {
      const members: OrgMember[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await call(membersPageSchema, {
          operation: 'getOrganizationMembers',
          method: 'GET',
          path: `${org(orgId)}/members`,
          query: { limit: MEMBERS_PAGE, cursor },
        });
        members.push(...page.members);
        cursor = page.next;
        if (cursor !== undefined && seen.has(cursor)) throw stuckPagination('getOrganizationMembers', requestId);
        if (cursor !== undefined) seen.add(cursor);
      } while (cursor !== undefined);
      return members;
    },

    findMemberByEmail: async (orgId, email) => memberByEmail(await api.listMembers(orgId), email),

    updateMemberRole: (orgId, memberId, role) =>
      call(memberSchema, {
        operation: 'updateOrganizationMember',
        method: 'PATCH',
        path: `${org(orgId)}/members/${encodeURIComponent(memberId)}`,
        body: { role },
      }),

    removeMember: (orgId, memberId) =>
      call(emptySchema, {
        operation: 'removeOrganizationMember',
        method: 'DELETE',
        path: `${org(orgId)}/members/${encodeURIComponent(memberId)}`,
      }),

    listInvitations: (orgId) =>
      call(invitationsSchema, {
        operation: 'getOrganizationInvitations',
        method: 'GET',
        path: `${org(orgId)}/invitations`,
      }),

    createInvitations: (orgId, invitations) =>
      call(invitationsSchema, {
        operation: 'createOrganizationInvitations',
        method: 'POST',
        path: `${org(orgId)}/invitations`,
        body: { invitations: invitations.map(({ email, role }) => ({ email, role })) },
      }),

    listOrgApiKeys: (orgId) =>
      call(orgApiKeysSchema, { operation: 'listOrgApiKeys', method: 'GET', path: `${org(orgId)}/api_keys` }),

    createProjectKey: (orgId, { keyName, projectId }) =>
      call(createdKeySchema, {
        operation: 'createOrgApiKey',
        method: 'POST',
        path: `${org(orgId)}/api_keys`,
        body: { key_name: keyName, project_id: projectId },
      }),

    revokeOrgApiKey: (orgId, keyId) =>
      call(revokedKeySchema, {
        operation: 'revokeOrgApiKey',
        method: 'DELETE',
        path: `${org(orgId)}/api_keys/${keyId}`,
      }),

    async listProjects(orgId, page = {}) {
      const result = await call(projectsPageSchema, {
        operation: 'listProjects',
        method: 'GET',
        path: '/projects',
        query: { org_id: orgId, search: page.search || undefined, limit: page.limit, cursor: page.cursor },
      });
      return result.cursor === undefined ? { projects: result.projects } : result;
    },

    // Neon's projects cursor is present even after the last page: stop on a short or empty page.
    async searchProjects(orgId, search, max = PROJECTS_PAGE) {
      const found: Project[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      while (found.length < max) {
        const limit = Math.min(PROJECTS_PAGE, max - found.length);
        const page = await api.listProjects(orgId, { search, limit, ...(cursor === undefined ? {} : { cursor }) });
        found.push(...page.projects);
        if (page.projects.length < limit || page.cursor === undefined) break;
        if (seen.has(page.cursor)) throw stuckPagination('listProjects', requestId);
        seen.add(page.cursor);
        cursor = page.cursor;
      }
      return found;
    },

    getProject: (projectId) =>
      call(projectResponseSchema, {
        operation: 'getProject',
        method: 'GET',
        path: `/projects/${encodeURIComponent(projectId)}`,
      }),
  };
  return api;
}

/** case-insensitive */
export function memberByEmail(members: OrgMember[], email: string): OrgMember | undefined {
  const wanted = email.toLowerCase();
  return members.find((m) => m.email.toLowerCase() === wanted);
}

function stuckPagination(operation: string, requestId: string | undefined): NeonError {
  return new NeonError({
    kind: 'invalid_response',
    status: 200,
    message: `Neon returned the same ${operation} cursor twice`,
    requestId,
    retryable: false,
    operation,
  });
}
