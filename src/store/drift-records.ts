import type pg from 'pg';
import type { BotSide } from '../domain/drift.ts';
import { issuedKeyOf } from '../domain/issued-key.ts';
import type { RequestRecord } from '../domain/request-record.ts';
import { type Row, toRecord } from './requests.ts';

/** The bot's side of a reconciliation: what its records say it granted and still holds. */
export class DriftRecords {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async load(): Promise<BotSide> {
    const [adminEmails, keys, temporaryRoles] = await Promise.all([
      this.adminEmails(),
      this.keyRequests(),
      this.temporaryRoles(),
    ]);
    return {
      adminEmails,
      liveKeys: keys
        .filter((r) => r.status === 'done')
        .flatMap((r) => {
          const key = issuedKeyOf(r.result);
          return key
            ? [{ requestId: r.id, keyId: key.keyId, projectId: key.projectId, requesterId: r.requesterId }]
            : [];
        }),
      keyRequestsInFlight: keys.filter((r) => r.status !== 'done').map((r) => r.id),
      temporaryRoles: temporaryRoles.flatMap((r) =>
        r.targetEmail && r.targetUserId && r.role && r.grantExpiresAt
          ? [
              {
                requestId: r.id,
                email: r.targetEmail,
                targetUserId: r.targetUserId,
                role: r.role,
                expiresAt: r.grantExpiresAt,
              },
            ]
          : [],
      ),
    };
  }

  /**
   * Each person's latest done grant decides: an admin invitation the bot sent, or a role change
   * it made (a temporary one counts while live; a reverted one is no longer done). An invitation
   * Neon already had, or a member already in, granted nothing.
   */
  private async adminEmails(): Promise<string[]> {
    const { rows } = await this.pool.query<{ email: string }>(
      `SELECT email FROM (
         SELECT DISTINCT ON (email) email, role FROM (
           SELECT lower(CASE kind WHEN 'invite' THEN requester_email ELSE target_email END) AS email, role, created_at
             FROM requests
            WHERE status = 'done' AND (kind = 'role' OR (kind = 'invite' AND result->>'outcome' = 'invited'))
         ) grants
          WHERE email IS NOT NULL
          ORDER BY email, created_at DESC
       ) latest
       WHERE role = 'admin'`,
    );
    return rows.map((r) => r.email);
  }

  /** Key requests that hold a key (done) or may be making one right now. */
  private async keyRequests(): Promise<RequestRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM requests WHERE kind = 'key' AND status IN ('approved', 'executing', 'done')`,
    );
    return rows.map(toRecord);
  }

  private async temporaryRoles(): Promise<RequestRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM requests WHERE kind = 'role' AND status = 'done' AND grant_expires_at IS NOT NULL`,
    );
    return rows.map(toRecord);
  }
}
