import { type IssuedKey, keyNameFor } from '../domain/issued-key.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import type { CreatedProjectKey, NeonApi, OrgApiKey } from '../neon/client.ts';
import type { ServiceContext } from '../services/context.ts';
import { eligiblePerson } from '../services/eligibility.ts';
import { createOnce, lookFirst } from './create-once.ts';
import { keysNamedFor, revokeFromJob, revokeInNeon } from './key-revocation.ts';
import { ActionRefused, type KindAction, type Performed, requesterGone } from './kind-action.ts';

/**
 * A key scoped to one project. Neon has no idempotency key, so the key's name carries the
 * request id: a retry finds what an earlier attempt made. That key is reused only while its
 * secret is held here; one whose secret was lost (a crash right after Neon answered, a lost
 * answer) could never be delivered, so it is revoked and replaced, only once no earlier create
 * can still land (`create-once.ts`): at most one live key per request.
 */
export const projectKeyAction: KindAction<OrgApiKey[] | undefined> = {
  async recheck(ctx, r) {
    const requester = await eligiblePerson(ctx, r.requesterId);
    return requester.ok ? undefined : `${requesterGone(requester)}, so no key was created.`;
  },

  perform: {
    // Keys named after the request: an earlier attempt's, whose secret may or may not be held here.
    async look(ctx, neon, r) {
      // Refused before anything is read: without the key no secret could be held for its reveal.
      if (!ctx.keySecrets.canSeal) {
        throw new ActionRefused(
          'BOT_ENCRYPTION_KEY is not set, so a new key could not be held for its one reveal; nothing was created. An operator must set it before this is retried.',
        );
      }
      return lookFirst(r, neon, keysLook(neon, ctx.config.neon.orgId, r.id));
    },

    async act(ctx, neon, r, found) {
      const orgId = ctx.config.neon.orgId;
      const projectId = r.projectId ?? '';
      const keyName = keyNameFor(r.id);
      let orphans = found ?? [];
      const held = await ctx.keySecrets.held(r.id);
      const kept = held && orphans.find((k) => k.id === held.keyId);
      if (kept)
        return performed(ctx, r, { keyId: kept.id, keyName, projectId, revealBy: held.expiresAt.toISOString() });

      const look = keysLook(neon, orgId, r.id);
      for (;;) {
        for (const orphan of orphans) await revokeInNeon(neon, orgId, orphan.id);
        const outcome = await createOnce(
          ctx,
          r,
          neon,
          () => neon.createProjectKey(orgId, { keyName, projectId }),
          look,
        );
        if ('created' in outcome) return issue(ctx, neon, r, outcome.created);
        orphans = outcome.landed; // made, but its secret never reached the bot: revoke it and make another
      }
    },
  },

  // Ended early by its holder (End now), it is revoked by them, as `revoke <key id>` would.
  end: (ctx, r, by) => (by ? revokeFromJob(ctx, r, 'owner', by) : revokeFromJob(ctx, r, 'expiry')),
};

/** The live keys named after the request; undefined when there are none. */
const keysLook = (neon: NeonApi, orgId: string, requestId: string) => async () => {
  const keys = await keysNamedFor(neon, orgId, requestId);
  return keys.length > 0 ? keys : undefined;
};

async function issue(
  ctx: ServiceContext,
  neon: NeonApi,
  r: RequestRecord,
  created: CreatedProjectKey,
): Promise<Performed> {
  const orgId = ctx.config.neon.orgId;
  const projectId = r.projectId ?? '';
  if (created.projectId !== projectId) await refuseMisscoped(neon, orgId, created.id, created.projectId, projectId);
  const revealBy = new Date(Date.now() + ctx.config.keySecretHoldMs);
  // The purge job commits with the secret: no crash can leave a secret held without its deadline.
  await ctx.keySecrets.hold({ requestId: r.id, keyId: created.id, secret: created.key, expiresAt: revealBy }, (tx) =>
    ctx.jobs.scheduleAt('purge-key-secret', r.id, revealBy, tx),
  );
  return performed(ctx, r, {
    keyId: created.id,
    keyName: keyNameFor(r.id),
    projectId,
    revealBy: revealBy.toISOString(),
  });
}

function performed(ctx: ServiceContext, r: RequestRecord, key: IssuedKey): Performed {
  const durationMs = r.durationMs ?? ctx.config.keyDefaultDurationMs;
  return { result: { ...key }, grantExpiresAt: new Date(Date.now() + durationMs) };
}

/**
 * Neon's answer names the key's project, optionally: a key for another project, or for the whole
 * organization, is far more than was approved. It is revoked at once and the request fails.
 */
async function refuseMisscoped(
  neon: NeonApi,
  orgId: string,
  keyId: number,
  got: string | undefined,
  asked: string,
): Promise<never> {
  await revokeInNeon(neon, orgId, keyId);
  throw new ActionRefused(
    `Neon created key ${keyId} for ${got ? `project ${got}` : 'the whole organization'} instead of project ${asked}, so the bot revoked it at once. Nothing usable was issued.`,
  );
}
