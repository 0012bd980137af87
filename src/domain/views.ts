import type { RequestRecord } from './request-record.ts';

/** What one person asked for and holds: `/neon mine` and their Home tab. */
export interface MineView {
  /** What I asked for lately, newest first. */
  recent: RequestRecord[];
  /** What I hold now: keys issued to me and temporary roles given to me, soonest to end first. */
  grants: RequestRecord[];
}

/** What one person's Home tab shows. */
export interface HomeData extends MineView {
  userId: string;
  /**
   * What waits for this person's decision, oldest first: only requests they may decide (not their
   * own, nor a role change for them; on a routed project, its own approvers). Absent for someone
   * who decides nothing.
   */
  waiting?: RequestRecord[];
}
