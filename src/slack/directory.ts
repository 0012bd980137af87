import type { WebClient } from '@slack/web-api';

export interface SlackPerson {
  id: string;
  name: string;
  email?: string;
  /** Deleted users, bots and guests cannot ask for org access. */
  eligible: boolean;
}

/** The requester's identity as Slack knows it; emails come from here, never from typed text. */
export class Directory {
  constructor(private readonly client: WebClient) {}

  async person(userId: string): Promise<SlackPerson | undefined> {
    const res = await this.client.users.info({ user: userId }).catch((err: { data?: { error?: string } }) => {
      if (err.data?.error === 'user_not_found') return undefined;
      throw err;
    });
    const u = res?.user;
    if (!u?.id) return undefined;
    return {
      id: u.id,
      name: u.profile?.real_name || u.real_name || u.name || u.id,
      email: u.profile?.email || undefined,
      eligible: !u.deleted && !u.is_bot && !u.is_restricted && !u.is_ultra_restricted,
    };
  }
}
