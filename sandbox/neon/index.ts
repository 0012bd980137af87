import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type Fault, type FaultMatch, Faults } from './faults.ts';
import type { ContractViolation } from './pipeline.ts';
import { RateLimits } from './rate-limits.ts';
import { createNeonServer, type RecordedRequest } from './server.ts';
import { API_ROOT, neonSpec } from './spec.ts';
import { type ApiKeyRecord, type MemberRole, OrgState } from './state.ts';

export type { Fault, FaultMatch } from './faults.ts';
export type { ContractViolation } from './pipeline.ts';
export type { RecordedRequest } from './server.ts';
export type { ApiKeyRecord, InvitationRecord, MemberRole, MemberView, ProjectRecord } from './state.ts';

export interface NeonEmulatorOptions {
  /** default `org-demo-12345678` */
  orgId?: string;
  orgName?: string;
  /** default 0: any free port */
  port?: number;
  /**
   * Default true: every answer is validated against the spec. A number n validates one answer in
   * n: the bench samples, since validating lists of thousands of invitations on every call makes
   * the emulator the bottleneck it is meant to measure. Requests are always validated.
   */
  checkResponses?: boolean | number;
  /** Default false. Enforce Neon's rate limits (per account, per route, key creation), answering 429 with Retry-After. */
  rateLimits?: boolean;
  /**
   * The roles the organization offers; default all of Neon's `MemberRole`. Giving or inviting with
   * another is refused (400) with Neon's kind of message; seeding (`addMember`) is not checked.
   */
  roles?: readonly MemberRole[];
}

type StateApi = Pick<
  OrgState,
  | 'addUser'
  | 'setMfa'
  | 'addMember'
  | 'addOrgApiKey'
  | 'addProject'
  | 'revokeKey'
  | 'misscopeNextProjectKey'
  | 'acceptInvitation'
  | 'addInvitation'
  | 'members'
  | 'invitations'
  | 'apiKeys'
  | 'projects'
>;

export interface NeonEmulator extends StateApi {
  /** base URL, e.g. `http://127.0.0.1:PORT/api/v2` */
  url: string;
  orgId: string;
  /** every request, in arrival order */
  requests: RecordedRequest[];
  /** responses of the emulator's own that broke the spec; tests assert this stays empty */
  contractViolations: ContractViolation[];
  /** Whose key a bearer token is (personal: its owner; org: who created it), for showing a call's actor. */
  whoseKey(token: string): KeyOwner | undefined;
  failNext(match: FaultMatch, fault: Fault, times?: number): void;
  /** disarms every pending fault */
  reset(): void;
  close(): Promise<void>;
}

export interface KeyOwner {
  keyId: number;
  kind: ApiKeyRecord['kind'];
  name: string;
  /** The person the key belongs to (personal) or who created it (org). */
  email: string | undefined;
  projectId: string | undefined;
}

const checkEvery = (check: boolean | number) => (check === true ? 1 : check === false ? 0 : Math.max(1, check));

export async function startNeonEmulator(options: NeonEmulatorOptions = {}): Promise<NeonEmulator> {
  const orgId = options.orgId ?? 'org-demo-12345678';
  const state = new OrgState(orgId, options.orgName ?? 'Demo Org', options.roles);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const contractViolations: ContractViolation[] = [];
  const server = createNeonServer({
    api: await neonSpec(),
    state,
    faults,
    requests,
    contractViolations,
    checkEvery: checkEvery(options.checkResponses ?? true),
    answered: { n: 0 },
    rateLimits: options.rateLimits ? new RateLimits() : undefined,
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${API_ROOT}`,
    orgId,
    requests,
    contractViolations,
    addUser: (input) => state.addUser(input),
    setMfa: (email, hasMfa) => state.setMfa(email, hasMfa),
    addMember: (userId, role) => state.addMember(userId, role),
    addOrgApiKey: (input) => state.addOrgApiKey(input),
    addProject: (input) => state.addProject(input),
    revokeKey: (token) => state.revokeKey(token),
    misscopeNextProjectKey: (projectId) => state.misscopeNextProjectKey(projectId),
    acceptInvitation: (email) => state.acceptInvitation(email),
    addInvitation: (input) => state.addInvitation(input),
    members: () => state.members(),
    invitations: () => state.invitations(),
    apiKeys: () => state.apiKeys(),
    projects: () => state.projects(),
    whoseKey: (token) => {
      const key = state.key(token);
      if (!key) return undefined;
      const { id: keyId, kind, name, projectId } = key;
      return { keyId, kind, name, email: state.user(key.createdBy)?.email, projectId };
    },
    failNext: (match, fault, times = 1) => faults.add(match, fault, times),
    reset: () => faults.reset(),
    close: async () => {
      faults.cancelSleeps();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
