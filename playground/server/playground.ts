import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PEOPLE, type Stage, type StageOptions, startStage } from '../../sandbox/stage.ts';
import type { Person } from '../shared/state.ts';
import { bundleWebClient } from './bundle.ts';
import { answerApi } from './routes.ts';

/** Who the page lets you be: two members and the two approvers. */
const CAST = [PEOPLE.member, PEOPLE.teammate, PEOPLE.admin, PEOPLE.admin2];
const APPROVERS: ReadonlySet<string> = new Set([PEOPLE.admin.id, PEOPLE.admin2.id]);

export interface Playground {
  url: string;
  stage: Stage;
  stop(): Promise<void>;
}

export interface PlaygroundOptions extends Pick<StageOptions, 'logDestination' | 'databaseUrl' | 'dataDir'> {
  /** Default 0: any free port. */
  port?: number;
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>neon-access-bot playground</title>
<link rel="stylesheet" href="/app.css"></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The real bot on the demo's stand-ins, and a page that plays Slack over them. Bob gets a Neon
 * admin account of his own, so `connect` has a key to check (Ada's is the shared NEON_API_KEY).
 */
export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const [stage, bundle] = await Promise.all([
    startStage({ ...opts, env: { SLASH_COMMAND: process.env.SLASH_COMMAND } }),
    bundleWebClient(),
  ]);
  const bob = stage.neon.addUser({ email: PEOPLE.admin2.email, name: 'Bob' });
  stage.neon.addMember(bob.id, 'admin');
  const personalKeys = new Map([
    [PEOPLE.admin.email, stage.adminKey],
    [PEOPLE.admin2.email, bob.personalKey],
  ]);
  const cast: Person[] = CAST.map((p) => ({
    id: p.id,
    name: p.name,
    realName: p.realName,
    approver: APPROVERS.has(p.id),
  }));
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE);
    if (req.method === 'GET' && path === '/app.js') return send(res, 200, 'text/javascript', bundle.js);
    if (req.method === 'GET' && path === '/app.css') return send(res, 200, 'text/css', bundle.css);
    readJson(req)
      .then((body) => answerApi({ stage, cast, personalKeys }, req.method ?? 'GET', path, body))
      .then(
        (answer) => send(res, answer.status, 'application/json', JSON.stringify(answer.body)),
        (err: unknown) => send(res, 500, 'application/json', JSON.stringify({ error: String(err) })),
      );
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stage,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stage.stop();
    },
  };
}
