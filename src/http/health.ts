import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type pg from 'pg';
import { withinDeadline } from '../services/deadline.ts';
import { migrationsApplied } from '../store/migrate.ts';

/** A load balancer's probe must hear "not ready" promptly when the database does not answer at all. */
const READY_DEADLINE_MS = 1_500;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** /healthz: the process answers. /readyz: the database answers and every migration is applied. */
export function healthRoutes(pool: pg.Pool): CustomRoute[] {
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        withinDeadline(migrationsApplied(pool), READY_DEADLINE_MS).then(
          (applied) =>
            applied === undefined
              ? json(res, 503, { ok: false, database: 'not answering' })
              : json(res, applied ? 200 : 503, {
                  ok: applied,
                  database: 'up',
                  migrations: applied ? 'applied' : 'pending',
                }),
          () => json(res, 503, { ok: false, database: 'down' }),
        );
      },
    },
  ];
}
