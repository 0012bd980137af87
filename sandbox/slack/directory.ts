/** Who and where: users, user groups, channels and the bot's DM channels. */
import type { FakeUser } from './types.ts';

export class Directory {
  private readonly users = new Map<string, FakeUser>();
  private readonly usergroups = new Map<string, string[]>();
  private readonly channels = new Set<string>();
  /** Sorted member ids joined by `,` → conversation id, so reopening gives the same id. */
  private readonly conversations = new Map<string, string>();

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  user(id: string): FakeUser | undefined {
    return this.users.get(id);
  }

  /** Every user, in the order they were added (users.list pages through this). */
  allUsers(): FakeUser[] {
    return [...this.users.values()];
  }

  /** Slack matches profile emails case-insensitively; deactivated users are found too. */
  userByEmail(email: string): FakeUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === wanted);
  }

  setUsergroup(id: string, userIds: string[]): void {
    this.usergroups.set(id, [...userIds]);
  }

  usergroup(id: string): string[] | undefined {
    return this.usergroups.get(id);
  }

  addChannel(id: string): void {
    this.channels.add(id);
  }

  hasChannel(id: string): boolean {
    return this.channels.has(id);
  }

  /** A DM (`D…`) for one user, a group DM (`G…`) for several; stable per member set. */
  openConversation(userIds: string[]): string {
    const key = [...new Set(userIds)].sort().join(',');
    let id = this.conversations.get(key);
    if (!id) {
      const prefix = userIds.length === 1 ? 'D' : 'G';
      id = `${prefix}${String(this.conversations.size + 1).padStart(10, '0')}`;
      this.conversations.set(key, id);
      this.channels.add(id);
    }
    return id;
  }

  dmChannelOf(userId: string): string | undefined {
    return this.conversations.get(userId);
  }
}
