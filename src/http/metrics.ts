import type { CustomRoute } from '@slack/bolt';
import type { Registry } from 'prom-client';

/** GET /metrics: Prometheus text. Counts only; no request ids, people or secrets. */
export function metricsRoute(registry: Registry): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req, res) => {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics failed\n');
        },
      );
    },
  };
}
