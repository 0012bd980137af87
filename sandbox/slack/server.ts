/** The HTTP plumbing: one node:http server on 127.0.0.1, requests in, replies out. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface IncomingRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export type Route = (request: IncomingRequest) => Promise<Reply>;

export function jsonReply(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function textReply(body: string, status = 200): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/** The request as the bytes Slack would have received: request line, headers, body. */
export function rawText({ method, path, headers, raw }: IncomingRequest): string {
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${String(value)}`);
  return [`${method} ${path}`, ...headerLines, '', raw].join('\n');
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** `onUpgrade`: WebSocket handshakes (Socket Mode). */
export async function listen(
  route: Route,
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): Promise<Listening> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0] ?? '/',
        headers: req.headers,
        raw: Buffer.concat(chunks).toString('utf8'),
      };
      route(request)
        .catch((error: unknown) => textReply(`fake Slack failed: ${String(error)}`, 500))
        .then((reply) => {
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body);
        });
    });
  });
  if (onUpgrade) server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The bot's fetch keeps connections alive; without this close() would wait for them.
        server.closeAllConnections();
      }),
  };
}
