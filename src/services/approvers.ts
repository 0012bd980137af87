import type { Groups } from '../app/ports.ts';
import { EMPTY_POLICY, type Policy, projectRoute, type Route } from '../domain/policy.ts';
import type { RequestKind } from '../domain/request.ts';
import { isSlackUserId } from '../domain/user-id.ts';

/** What the policy routes by (a key request's project), and whom the request was escalated to, if it was. */
type Routed = { kind: RequestKind; projectId?: string | null; escalatedTo?: string[] | null };

/**
 * Who may decide: the configured user IDs plus the members of a user group; for a key
 * request on a project whose policy names its own approvers, those people instead. Once a
 * request is escalated, the people it was escalated to as well.
 */
export class Approvers {
  private readonly groups: Groups;
  private readonly config: { userIds: string[]; usergroupId?: string };
  private readonly policy: Policy;

  constructor(groups: Groups, config: { userIds: string[]; usergroupId?: string }, policy: Policy = EMPTY_POLICY) {
    this.groups = groups;
    this.config = config;
    this.policy = policy;
  }

  /** May this person decide `request` (or, without one, requests in general)? */
  async isApprover(userId: string, request?: Routed): Promise<boolean> {
    if ((await this.escalated(request)).includes(userId)) return true;
    const own = this.route(request)?.approvers;
    if (own) return own.includes(userId);
    if (this.config.userIds.includes(userId)) return true;
    return (await this.groupMembers()).has(userId);
  }

  /** Everyone who may decide `request` (or, without one, the global approvers). */
  async all(request?: Routed): Promise<string[]> {
    const own = this.route(request)?.approvers;
    const usual = own ?? [...this.config.userIds, ...(await this.groupMembers())];
    return [...new Set([...usual, ...(await this.escalated(request))])];
  }

  /** The people `request` was escalated to (the users named, and the named groups' members); none before its escalation. */
  async escalated(request: Routed | undefined): Promise<string[]> {
    const to = request?.escalatedTo ?? [];
    const groups = await Promise.all(to.filter((id) => !isSlackUserId(id)).map((g) => this.groups.members(g)));
    return [...new Set([...to.filter(isSlackUserId), ...groups.flatMap((members) => [...members])])];
  }

  /** The policy's route for a key request on a routed project; undefined means the global setup. */
  route(request: Routed | undefined): Route | undefined {
    return request ? projectRoute(this.policy, request) : undefined;
  }

  private async groupMembers(): Promise<Set<string>> {
    return this.config.usergroupId ? this.groups.members(this.config.usergroupId) : new Set();
  }
}
