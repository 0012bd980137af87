/** auth.test, users.info, users.lookupByEmail, users.list, usergroups.users.list. */
import { fail } from '../slack-error.ts';
import type { FakeUser, Json } from '../types.ts';
import { type Identity, type MethodHandler, requiredString } from '../world.ts';

/** A seeded user as Slack's user object (profile.email as with the users:read.email scope). */
function slackUser(user: FakeUser, identity: Identity): Json {
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.realName ?? name;
  return {
    id: user.id,
    team_id: identity.teamId,
    name,
    real_name: realName,
    deleted: user.deleted ?? false,
    is_bot: user.isBot ?? false,
    is_app_user: false,
    is_admin: user.isAdmin ?? false,
    is_owner: false,
    is_restricted: user.isRestricted ?? false,
    is_ultra_restricted: user.isUltraRestricted ?? false,
    profile: {
      real_name: realName,
      display_name: name,
      ...(user.email !== undefined ? { email: user.email } : {}),
    },
  };
}

const USERS_LIST_MAX_LIMIT = 1000;

/** Base64, like Slack's cursors (`dXNlcjpVMEc5V0ZYTlo=` is `user:U0G9WFXNZ`): opaque to the caller. */
function cursorFor(offset: number): string {
  return Buffer.from(`user:${offset}`).toString('base64');
}

function offsetOf(cursor: string): number {
  const match = /^user:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  return match ? Number(match[1]) : fail('invalid_cursor');
}

export const identityMethods: Record<string, MethodHandler> = {
  'auth.test': ({ identity }) => ({
    url: `https://${identity.teamDomain}.slack.com/`,
    team: 'Fake Workspace',
    user: 'neon-access',
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  }),

  'users.info': ({ directory, identity }, args) => {
    const user = directory.user(requiredString(args, 'user'));
    return { user: user ? slackUser(user, identity) : fail('user_not_found') };
  },

  // A deactivated user is answered with `deleted: true` (how the bot tells them apart), an unknown email with `users_not_found`.
  'users.lookupByEmail': ({ directory, identity }, args) => {
    const user = directory.userByEmail(requiredString(args, 'email'));
    return { user: user ? slackUser(user, identity) : fail('users_not_found') };
  },

  // Pages as Slack does: `limit` up to 1000 (without one, everyone at once), an opaque cursor in
  // response_metadata.next_cursor ('' on the last page), `invalid_cursor` for one it did not issue.
  'users.list': ({ directory, identity }, args) => {
    const users = directory.allUsers();
    const limit = args.limit === undefined ? 0 : Number(args.limit);
    if (!Number.isInteger(limit) || limit < 0) fail('invalid_limit');
    const size = limit === 0 ? users.length : Math.min(limit, USERS_LIST_MAX_LIMIT);
    const cursor = typeof args.cursor === 'string' && args.cursor !== '' ? args.cursor : undefined;
    const from = cursor === undefined ? 0 : offsetOf(cursor);
    const next = from + size;
    return {
      members: users.slice(from, next).map((u) => slackUser(u, identity)),
      cache_ts: Math.floor(Date.now() / 1000),
      response_metadata: { next_cursor: next < users.length ? cursorFor(next) : '' },
    };
  },

  'usergroups.users.list': ({ directory }, args) => {
    const users = directory.usergroup(requiredString(args, 'usergroup'));
    return { users: users ?? fail('no_such_subteam') };
  },
};
