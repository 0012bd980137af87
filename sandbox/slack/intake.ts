/** The common first steps of every request: parse, record, then any injected fault. */
import { parseArguments } from './body.ts';
import { applyDelay } from './faults.ts';
import { type IncomingRequest, rawText } from './server.ts';
import type { Fault, Json, RecordedCall } from './types.ts';
import type { FakeContext } from './world.ts';

export interface Intake {
  args: Json;
  /** Set when the body could not be read the way Slack reads it. */
  parseError?: string;
  call: RecordedCall;
  fault?: Fault;
}

export async function intake(
  { recorder, faults }: FakeContext,
  method: string,
  request: IncomingRequest,
  tokenOf: (args: Json) => string | undefined,
): Promise<Intake> {
  const parsed = recorder.attempt(method, () => parseArguments(request.headers['content-type'], request.raw));
  const args = parsed.ok ? parsed.value : {};
  const call = recorder.record(method, args, tokenOf(args), rawText(request));
  const fault = faults.take(method);
  await applyDelay(fault);
  return { args, call, ...(parsed.ok ? {} : { parseError: parsed.error }), ...(fault ? { fault } : {}) };
}
