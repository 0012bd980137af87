/** `POST /api/<method>`: the Web API, answered like Slack (HTTP 200, `{ ok, ... }`). */
import { faultError, httpFaultReply } from './faults.ts';
import { intake } from './intake.ts';
import { methods } from './methods/index.ts';
import { type IncomingRequest, jsonReply, type Reply } from './server.ts';
import type { Json } from './types.ts';
import type { FakeContext } from './world.ts';

/** @slack/web-api sends the token as a Bearer header; Slack also takes a `token` argument. */
function tokenOf(authorization: string | undefined, args: Json): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  return bearer ?? (typeof args.token === 'string' ? args.token : undefined);
}

export async function answerApiCall(ctx: FakeContext, method: string, request: IncomingRequest): Promise<Reply> {
  const { args, parseError, call, fault } = await intake(ctx, method, request, (a) =>
    tokenOf(request.headers.authorization, a),
  );
  const httpFault = httpFaultReply(fault);
  if (httpFault) {
    call.response = { ok: false, error: `http_${httpFault.status}` };
    return httpFault;
  }
  const response = answer(ctx, method, args, call.token, parseError ?? faultError(fault));
  call.response = response;
  // Like Slack: the scopes belong to a token, so only an answer to the bot's token carries them.
  return jsonReply(response, 200, call.token === ctx.botToken ? { 'x-oauth-scopes': ctx.scopes.join(',') } : {});
}

const APP_LEVEL_METHODS: ReadonlySet<string> = new Set(['apps.connections.open']);

function answer(
  ctx: FakeContext,
  method: string,
  args: Json,
  token: string | undefined,
  error: string | undefined,
): Json {
  if (error) return { ok: false, error };
  if (!token) return { ok: false, error: 'not_authed' };
  // Any `xapp-` token is the app's unless the test named one; app-level methods take it and nothing else.
  const appToken = token.startsWith('xapp-');
  if (token !== (appToken ? (ctx.appToken ?? token) : ctx.botToken)) return { ok: false, error: 'invalid_auth' };
  if (appToken !== APP_LEVEL_METHODS.has(method)) return { ok: false, error: 'not_allowed_token_type' };
  const handler = methods[method];
  if (!handler) return { ok: false, error: 'unknown_method' };
  const result = ctx.recorder.attempt(method, () => handler(ctx.world, args));
  return result.ok ? { ok: true, ...result.value } : { ok: false, error: result.error };
}
