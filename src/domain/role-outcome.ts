import type { OrgRole } from './request.ts';

/** What a role change did, kept in requests.result: enough to undo it. */
export interface RoleOutcome {
  outcome: 'role_changed' | 'already_in_role';
  memberId: string;
  previousRole: OrgRole;
  newRole: OrgRole;
  /** How a temporary change ended. */
  ended?: 'restored' | 'already_restored' | 'left_org';
  [key: string]: unknown;
}
