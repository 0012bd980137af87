import type pg from 'pg';
import { SYSTEM_ACTOR } from '../domain/request.ts';
import { lockChain } from './events.ts';

/**
 * How many of this requester's requests a policy rule approved since `since`, counted from the
 * approval events (immutable, unlike `decided_by`, which a retry rewrites). Called inside the
 * approving transaction before its own event is appended; the chain lock it takes is held to
 * commit, so concurrent approvals are counted one after another.
 */
export async function countAutoApprovals(
  tx: pg.PoolClient,
  q: { rule: string; requesterId: string; since: Date },
): Promise<number> {
  await lockChain(tx);
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM requests r JOIN request_events e ON e.request_id = r.id
      WHERE r.requester_id = $1 AND e.event = 'approve' AND e.actor_id = $4
        AND e.detail->>'rule' = $2 AND e.at > $3`,
    [q.requesterId, q.rule, q.since, SYSTEM_ACTOR],
  );
  return rows[0]!.n;
}
