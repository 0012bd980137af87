import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bearerToken } from './auth.ts';
import { type Fault, type FaultKind, type Faults, faultKind } from './faults.ts';
import { newUuid, nowIso } from './ids.ts';
import {
  answer,
  checkedReply,
  errorReply,
  type IncomingCall,
  type PipelineDeps,
  parseBody,
  type Reply,
  servedOperation,
} from './pipeline.ts';
import type { RateLimits } from './rate-limits.ts';
import { API_ROOT } from './spec.ts';

export interface RecordedRequest {
  method: string;
  /** relative to /api/v2, e.g. `/organizations/org-x/invitations` */
  path: string;
  query: Record<string, string>;
  /** undefined when the emulator does not serve the route */
  operationId: string | undefined;
  /** null until answered, and for ever when the connection was dropped */
  status: number | null;
  /** the bearer token as received (the raw header if it was not a Bearer one) */
  authorization: string | undefined;
  requestId: string;
  /** parsed JSON, the raw text if it was not JSON, undefined if empty */
  body: unknown;
  at: string;
  fault?: FaultKind;
}

export interface ServerDeps extends PipelineDeps {
  faults: Faults;
  /** Neon's rate limits, when enforced */
  rateLimits: RateLimits | undefined;
  requests: RecordedRequest[];
}

export function createNeonServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      deps.contractViolations.push({ operationId: '', status: 500, errors: [String(err)] });
      if (!res.headersSent) send(res, errorReply(500, 'EMULATOR_CRASH', String(err), newUuid()));
    });
  });
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const rawBody = await readBody(req);
  const call: IncomingCall = {
    method: req.method ?? 'GET',
    pathname: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body: parseBody(rawBody),
    requestId: headerValue(req.headers['x-request-id']) ?? newUuid(),
    remoteAddr: req.socket.remoteAddress ?? '',
  };
  const operation = url.pathname.startsWith(`${API_ROOT}/`) ? servedOperation(deps.api, call) : undefined;
  const record: RecordedRequest = {
    method: call.method,
    path: url.pathname.startsWith(API_ROOT) ? url.pathname.slice(API_ROOT.length) : url.pathname,
    query: call.query,
    operationId: operation?.operationId,
    status: null,
    authorization: bearerToken(req.headers.authorization) ?? req.headers.authorization,
    requestId: call.requestId,
    body: call.body.ok ? call.body.value : rawBody,
    at: nowIso(),
  };
  deps.requests.push(record);

  const retryAfter = operation && deps.rateLimits?.admit(record.authorization ?? '', record.operationId ?? '');
  if (retryAfter !== undefined) {
    record.status = 429;
    send(res, faultReply({ status: 429, retryAfter }, call.requestId));
    return;
  }

  const fault = deps.faults.take(record);
  if (fault) record.fault = faultKind(fault);
  if (fault && 'drop' in fault) {
    req.socket.destroy();
    return;
  }
  if (fault && 'lost' in fault) {
    req.socket.destroy();
    if (!(await deps.faults.sleep(fault.landsAfterMs ?? 0))) return;
  }
  if (fault && 'delayMs' in fault && !(await deps.faults.sleep(fault.delayMs))) return;

  const reply =
    fault && 'status' in fault
      ? faultReply(fault, call.requestId)
      : operation
        ? answer(deps, call, operation)
        : errorReply(404, '', `no route for ${call.method} ${record.path}`, call.requestId);
  const checked = operation ? checkedReply(deps, operation, reply, call.requestId) : reply;
  record.status = checked.status;
  // After a slow answer the client may have gone; the work is done anyway, as on a real server.
  if (!res.destroyed) send(res, checked);
}

function faultReply(fault: Extract<Fault, { status: number }>, requestId: string): Reply {
  const message = fault.status === 429 ? 'too many requests' : 'service temporarily unavailable';
  const reply = errorReply(fault.status, '', message, requestId);
  if (fault.retryAfter !== undefined) reply.headers = { 'retry-after': String(fault.retryAfter) };
  return reply;
}

function send(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value) || undefined;
}
