import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomRoute } from '@slack/bolt';

export interface RouteServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Our fixed-path routes (/healthz, /readyz, /metrics) on a server of our own, for Socket Mode:
 * Bolt's Socket Mode receiver would serve them too, but neither waits for its port nor says which
 * one it got, and a HEALTHCHECK or a test with PORT=0 needs both.
 */
export async function serveRoutes(routes: CustomRoute[], port: number): Promise<RouteServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method ?? ''));
    if (route) route.handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
