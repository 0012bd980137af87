import type { IncomingHttpHeaders } from 'node:http';
import type { OpenAPIBackend, Operation, Request } from 'openapi-backend';
import { authenticate, bearerToken } from './auth.ts';
import { generalError, NeonHttpError } from './errors.ts';
import { handlers } from './handlers/index.ts';
import type { OrgState } from './state.ts';

export interface ContractViolation {
  operationId: string;
  status: number;
  errors: unknown[];
}

export interface PipelineDeps {
  api: OpenAPIBackend;
  state: OrgState;
  contractViolations: ContractViolation[];
  /** Validate one answer in this many (1: all; 0: none). */
  checkEvery: number;
  /** Answers so far, for sampling. */
  answered: { n: number };
}

export interface IncomingCall {
  method: string;
  /** full URL path, /api/v2 included */
  pathname: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
  requestId: string;
  remoteAddr: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

export function parseBody(raw: string): ParsedBody {
  if (raw === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

export function errorReply(status: number, code: string, message: string, requestId: string): Reply {
  return { status, body: generalError(code, message, requestId) };
}

/** The operation that serves this request, if the spec has it and the emulator implements it. */
export function servedOperation(
  api: OpenAPIBackend,
  call: Pick<IncomingCall, 'method' | 'pathname' | 'headers'>,
): Operation | undefined {
  let matches = matched.get(api);
  if (!matches) {
    matches = new Map();
    matched.set(api, matches);
  }
  const route = `${call.method} ${call.pathname}`;
  if (!matches.has(route)) {
    // Bounded: ids in paths make routes many; the ones a run repeats come back at once.
    if (matches.size >= 10_000) matches.clear();
    const operation = api.matchOperation(toSpecRequest(call, undefined));
    matches.set(route, operation && handlers[operation.operationId ?? ''] ? operation : undefined);
  }
  return matches.get(route);
}

/**
 * openapi-backend rebuilds its operation list and a RegExp per operation on every match: most of
 * the emulator's time under load. The answer for a method and path never changes for one spec.
 */
const matched = new WeakMap<OpenAPIBackend, Map<string, Operation | undefined>>();

/** Auth, request validation and the handler; every refusal is a GeneralError. */
export function answer(deps: PipelineDeps, call: IncomingCall, operation: Operation): Reply {
  const operationId = operation.operationId ?? '';
  try {
    const caller = authenticate(deps.state, bearerToken(call.headers.authorization), call.remoteAddr);
    const { body } = call;
    if (!body.ok) throw new NeonHttpError(400, 'request body is not valid JSON');
    const request = toSpecRequest(call, body.value);
    const validation = deps.api.validateRequest(request, operation);
    if (!validation.valid) throw new NeonHttpError(400, `invalid request: ${describeErrors(validation.errors)}`);
    const { params } = deps.api.router.parseRequest(request, operation);
    const handler = handlers[operationId]!;
    return { status: 200, body: handler({ state: deps.state, caller, params, query: call.query, body: body.value }) };
  } catch (err) {
    if (err instanceof NeonHttpError) return errorReply(err.status, err.code, err.message, call.requestId);
    // A crash is emulator drift too: make it as loud as a contract violation.
    deps.contractViolations.push({ operationId, status: 500, errors: [String(err)] });
    return errorReply(500, 'EMULATOR_CRASH', `emulator crashed: ${String(err)}`, call.requestId);
  }
}

/** Every answer the emulator gives must match the spec; one that does not is recorded and becomes a 500. */
export function checkedReply(deps: PipelineDeps, operation: Operation, reply: Reply, requestId: string): Reply {
  if (!sampled(deps)) return reply;
  const operationId = operation.operationId ?? '';
  const result = deps.api.validateResponse(reply.body, operation, reply.status);
  if (result.valid) return reply;
  const errors = result.errors ?? [];
  deps.contractViolations.push({ operationId, status: reply.status, errors });
  return errorReply(
    500,
    'EMULATOR_CONTRACT',
    `emulator response for ${operationId} breaks the spec: ${describeErrors(errors)}`,
    requestId,
  );
}

function sampled(deps: PipelineDeps): boolean {
  if (deps.checkEvery <= 1) return deps.checkEvery === 1;
  return deps.answered.n++ % deps.checkEvery === 0;
}

function toSpecRequest(
  call: Pick<IncomingCall, 'method' | 'pathname' | 'headers'> & { query?: Record<string, string> },
  body: unknown,
): Request {
  return {
    method: call.method,
    path: call.pathname,
    headers: call.headers as Request['headers'],
    query: call.query ?? {},
    body,
  };
}

function describeErrors(errors: readonly unknown[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const { instancePath, message } = e as { instancePath?: string; message?: string };
      return `${instancePath || '/'} ${message ?? 'is invalid'}`;
    })
    .join('; ');
}
