/** What a member's removal did, kept in requests.result. */
export interface RemovalOutcome {
  /** `already_gone`: Neon no longer listed them when the removal ran, and no earlier attempt had sent one. */
  outcome: 'removed' | 'already_gone';
  email: string;
  /** Their role in Neon when the bot removed them (unknown when an earlier attempt's removal had landed). */
  role?: string;
  [key: string]: unknown;
}
