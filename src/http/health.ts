import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type pg from 'pg';
import { migrationsApplied } from '../store/migrate.ts';

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
        migrationsApplied(pool).then(
          (applied) =>
            json(res, applied ? 200 : 503, {
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
