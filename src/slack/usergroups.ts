import type { WebClient } from '@slack/web-api';
import type { Groups } from '../app/ports.ts';
import type { Logger } from '../log/logger.ts';

const GROUP_TTL_MS = 60_000;

/**
 * Members of Slack user groups, cached briefly (usergroups.users.list is Tier 2). A failure to
 * read a group fails closed: its last known members, else nobody.
 */
export class UserGroups implements Groups {
  private readonly cache = new Map<string, { ids: Set<string>; at: number }>();

  private readonly client: WebClient;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(client: WebClient, log: Logger, now: () => number = Date.now) {
    this.client = client;
    this.log = log;
    this.now = now;
  }

  async members(groupId: string): Promise<Set<string>> {
    const known = this.cache.get(groupId);
    if (known && this.now() - known.at < GROUP_TTL_MS) return known.ids;
    try {
      const res = await this.client.usergroups.users.list({ usergroup: groupId });
      const ids = new Set(res.users ?? []);
      this.cache.set(groupId, { ids, at: this.now() });
      return ids;
    } catch (err) {
      this.log.warn({ err, usergroup: groupId }, 'cannot read a Slack user group; treating it as empty');
      return known?.ids ?? new Set();
    }
  }

  /** Which of `groupIds` have `userId` as a member. */
  async of(userId: string, groupIds: readonly string[]): Promise<Set<string>> {
    const found = await Promise.all(
      groupIds.map(async (id) => ((await this.members(id)).has(userId) ? id : undefined)),
    );
    return new Set(found.filter((id) => id !== undefined));
  }
}
