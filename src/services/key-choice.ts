import type { Chat, Presenter } from '../app/ports.ts';
import { policyRuleOf } from '../domain/policy.ts';
import { needsOwnKey, type RequestKind } from '../domain/request.ts';
import type { Logger } from '../log/logger.ts';
import type { CredentialStore } from '../store/credentials.ts';

/** A Neon key and whose it is: a Slack user ID for an admin's own key, or 'fallback' for NEON_API_KEY. */
export interface ChosenKey {
  key: string;
  owner: string;
}

const FALLBACK = 'fallback';

export interface KeyChooserDeps {
  /** NEON_API_KEY */
  fallbackKey: string | undefined;
  credentials: CredentialStore;
  surface: Chat;
  present: Presenter;
  auditChannelId: string | undefined;
  log: Logger;
}

/**
 * The one place that decides which Neon key acts: the approving admin's own connected key
 * first, the shared fallback second. Callers only see a key and its owner.
 */
export class KeyChooser {
  private readonly deps: KeyChooserDeps;

  constructor(deps: KeyChooserDeps) {
    this.deps = deps;
  }

  /**
   * The key an approved request runs with; a policy rule's approval has no admin behind it, so
   * only the shared key. A kind Neon takes only from an admin's personal key (a removal) gets the
   * approver's own key or none: the shared key may be an org key, which Neon refuses for it, and
   * the removal is then the approving admin's own act in Neon's records too.
   */
  async forApprover(approverId: string, kind?: RequestKind): Promise<ChosenKey | undefined> {
    if (kind !== undefined && needsOwnKey(kind)) return this.ownKey(approverId);
    if (policyRuleOf(approverId) !== undefined) return this.fallback();
    return (await this.ownKey(approverId)) ?? this.fallback();
  }

  /**
   * A key for read-only look-ups before any decision (is this person already a member?). Only
   * the shared key: an admin's own key acts for what that admin decided, not for the bot.
   */
  async forLookup(): Promise<ChosenKey | undefined> {
    return this.fallback();
  }

  /**
   * Neon answered 401 for `chosen`. An admin's own key is marked invalid, so it is never tried
   * again, and its owner is told; the shared key can only be replaced by an operator. Never
   * throws: the caller is busy recording the failure.
   */
  async reportUnauthorized(chosen: ChosenKey, requestId: string): Promise<void> {
    const { credentials, surface, present, auditChannelId, log } = this.deps;
    if (chosen.owner === FALLBACK) {
      log.error({ requestId }, 'Neon refused NEON_API_KEY (401): an operator must replace it');
      return;
    }
    try {
      if (!(await credentials.invalidate(chosen.owner, chosen.key))) return;
      log.warn({ user: chosen.owner, requestId }, "Neon refused an admin's own key (401); marked invalid");
      await surface.dm(chosen.owner, present.keyRefused(requestId));
      await surface.notify(auditChannelId, present.adminKeyEvent('refused', chosen.owner));
    } catch (err) {
      log.error({ err, user: chosen.owner, requestId }, "could not mark an admin's refused key invalid");
    }
  }

  private async ownKey(approverId: string): Promise<ChosenKey | undefined> {
    if (!approverId) return undefined;
    const stored = await this.deps.credentials.activeKey(approverId);
    if (stored.ok) return { key: stored.key, owner: approverId };
    if (stored.reason === 'unreadable') {
      this.deps.log.warn(
        { user: approverId },
        "an admin's stored Neon key does not open with BOT_ENCRYPTION_KEY; using the fallback",
      );
    }
    return undefined;
  }

  private fallback(): ChosenKey | undefined {
    return this.deps.fallbackKey ? { key: this.deps.fallbackKey, owner: FALLBACK } : undefined;
  }
}
