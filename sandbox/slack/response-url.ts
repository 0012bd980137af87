/** `POST /response/<id>`: a response_url; 200 `ok` when delivered, 404 once used up or expired. */
import { faultError, httpFaultReply } from './faults.ts';
import { intake } from './intake.ts';
import { deliverResponse } from './response-delivery.ts';
import { type IncomingRequest, type Reply, textReply } from './server.ts';
import { fail } from './slack-error.ts';
import type { FakeContext } from './world.ts';

const GONE = new Set(['no_such_url', 'used_up', 'expired_url']);

export async function answerResponseUrl(ctx: FakeContext, id: string, request: IncomingRequest): Promise<Reply> {
  const { args, parseError, call, fault } = await intake(ctx, 'response_url', request, () => undefined);
  const httpFault = httpFaultReply(fault);
  if (httpFault) {
    call.response = { ok: false, error: `http_${httpFault.status}` };
    return httpFault;
  }
  const result = ctx.recorder.attempt('response_url', () => {
    const origin = ctx.world.grants.useResponseUrl(id);
    const error = parseError ?? faultError(fault);
    if (error) fail(error);
    deliverResponse(ctx.world, origin, args, 'response_url');
  });
  call.response = result.ok ? { ok: true } : { ok: false, error: result.error };
  if (result.ok) return textReply('ok');
  return textReply(result.error, GONE.has(result.error) ? 404 : 400);
}
