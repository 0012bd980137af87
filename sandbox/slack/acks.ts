/**
 * What the bot answered Slack synchronously (the HTTP ack), as the driver reports it. Slack acts
 * on these answers too: a command's ack is a message, a view_submission's ack closes, updates,
 * pushes or annotates the modal, a block_suggestion's ack is an options list.
 */
import { optionsProblems } from './block-limits.ts';
import { checkedView } from './methods/views.ts';
import { deliverResponse } from './response-delivery.ts';
import { fail } from './slack-error.ts';
import type { AckReport, Json } from './types.ts';
import type { FakeContext, FakeWorld } from './world.ts';

type Apply = (world: FakeWorld, ack: AckReport, body: Json) => void;

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inputBlockIds(world: FakeWorld, viewId: string | undefined): Set<unknown> {
  const view = viewId ? world.views.find(viewId) : undefined;
  return new Set(view?.blocks.filter((b) => b.type === 'input').map((b) => b.block_id));
}

const viewSubmission: Apply = (world, { userId, viewId }, body) => {
  switch (body.response_action) {
    case undefined:
      if (viewId) world.views.close(viewId);
      return;
    case 'errors': {
      const inputs = inputBlockIds(world, viewId);
      const errors = isJsonObject(body.errors) ? body.errors : {};
      const problems = Object.keys(errors)
        .filter((blockId) => !inputs.has(blockId))
        .map((blockId) => `errors.${blockId}: not an input block of the submitted view`);
      if (Object.keys(errors).length === 0) problems.push('errors: empty');
      if (problems.length > 0) fail('invalid_errors', problems);
      return;
    }
    case 'update':
      world.views.update({ viewId }, checkedView(body, 'modal'));
      return;
    case 'push':
      world.views.push(userId, checkedView(body, 'modal'));
      return;
    case 'clear':
      world.views.clear(userId);
      return;
    default:
      fail('invalid_response_action', [`response_action: ${String(body.response_action)}`]);
  }
};

const APPLY: Record<string, Apply> = {
  slash_command: (world, { userId, channelId }, body) => {
    deliverResponse(world, { userId, ...(channelId ? { channelId } : {}) }, body, 'ack');
  },
  view_submission: viewSubmission,
  block_suggestion: (_world, _ack, body) => {
    const problems = optionsProblems(body);
    if (problems.length > 0) fail('invalid_options', problems);
  },
};

export function receiveAck({ recorder, world }: FakeContext, ack: AckReport): void {
  const call = recorder.record('ack', { kind: ack.kind, status: ack.status, body: ack.body }, undefined, ack.raw);
  const apply = APPLY[ack.kind];
  if (ack.status !== 200 || !apply) return;
  // An empty ack is a plain "got it": no message, and for a view_submission it closes the view.
  const empty = ack.body === '' || ack.body === undefined;
  if (empty && ack.kind !== 'view_submission') return;
  const body = isJsonObject(ack.body) ? ack.body : { text: String(ack.body ?? '') };
  const result = recorder.attempt('ack', () => apply(world, ack, empty ? {} : body));
  call.response = result.ok ? { ok: true } : { ok: false, error: result.error };
}
