import type { Stage } from '../../sandbox/stage.ts';
import type { NeonState } from '../shared/state.ts';

/** How many of the newest Neon calls the panel lists. */
const CALLS_SHOWN = 60;

/** The emulated org as the Neon panel shows it, each call with whose key made it. */
export function neonState(stage: Stage, personalKeys: Map<string, string>): NeonState {
  const { neon } = stage;
  const whose = (token: string | undefined): string => {
    const owner = token ? neon.whoseKey(token) : undefined;
    if (!owner) return 'no valid key';
    if (owner.kind === 'personal') {
      const shared = token === stage.adminKey ? ', the shared NEON_API_KEY' : '';
      return `${owner.email}'s personal key${shared}`;
    }
    return `org key ${owner.keyId} (${owner.name})`;
  };
  const emailOf = (userId: string) => neon.members().find((m) => m.userId === userId)?.email ?? userId;
  return {
    orgId: neon.orgId,
    members: neon.members().map((m) => ({ email: m.email, role: m.role })),
    invitations: neon.invitations().map((i) => ({ email: i.email, role: i.role, invitedAt: i.invitedAt })),
    keys: neon.apiKeys().map((k) => ({
      id: k.id,
      name: k.name,
      ...(k.projectId ? { projectId: k.projectId } : {}),
      createdBy: emailOf(k.createdBy),
      revoked: k.revoked,
    })),
    personalKeys: [...personalKeys].map(([email, token]) => ({ owner: email.split('@')[0]!, email, token })),
    calls: neon.requests.slice(-CALLS_SHOWN).map((r, i) => ({
      seq: Math.max(0, neon.requests.length - CALLS_SHOWN) + i,
      at: r.at,
      method: r.method,
      path: r.path,
      status: r.status,
      by: whose(r.authorization),
    })),
  };
}
