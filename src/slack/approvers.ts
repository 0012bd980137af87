import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log/logger.ts';

const GROUP_TTL_MS = 60_000;

/**
 * Who may decide: the configured user IDs plus the members of a Slack user group. The group is
 * cached briefly (usergroups.users.list is Tier 2) and a failure to read it fails closed.
 */
export class Approvers {
  private group: { ids: Set<string>; at: number } | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly config: { userIds: string[]; usergroupId?: string },
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async isApprover(userId: string): Promise<boolean> {
    if (this.config.userIds.includes(userId)) return true;
    return (await this.groupMembers()).has(userId);
  }

  async all(): Promise<string[]> {
    return [...new Set([...this.config.userIds, ...(await this.groupMembers())])];
  }

  private async groupMembers(): Promise<Set<string>> {
    const id = this.config.usergroupId;
    if (!id) return new Set();
    if (this.group && this.now() - this.group.at < GROUP_TTL_MS) return this.group.ids;
    try {
      const res = await this.client.usergroups.users.list({ usergroup: id });
      this.group = { ids: new Set(res.users ?? []), at: this.now() };
      return this.group.ids;
    } catch (err) {
      this.log.warn({ err, usergroup: id }, 'cannot read the approver user group; treating it as empty');
      return this.group?.ids ?? new Set();
    }
  }
}
