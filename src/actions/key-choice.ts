/** A Neon key and whose it is: a Slack user ID for an admin's own key, or 'fallback' for NEON_API_KEY. */
export interface ChosenKey {
  key: string;
  owner: string;
}

/**
 * The one place that decides which Neon key acts. Today only the shared fallback exists; each
 * admin's own connected key slots in here first, and every caller stays unchanged.
 */
export class KeyChooser {
  constructor(private readonly fallbackKey: string | undefined) {}

  /** The key an approved request runs with. */
  async forApprover(_approverId: string): Promise<ChosenKey | undefined> {
    return this.fallback();
  }

  /** A key for read-only look-ups before any decision (is this person already a member?). */
  async forLookup(): Promise<ChosenKey | undefined> {
    return this.fallback();
  }

  private fallback(): ChosenKey | undefined {
    return this.fallbackKey ? { key: this.fallbackKey, owner: 'fallback' } : undefined;
  }
}
