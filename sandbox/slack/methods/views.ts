/** views.open, views.push, views.update, views.publish. */
import { viewProblems } from '../block-limits.ts';
import { fail } from '../slack-error.ts';
import type { Json } from '../types.ts';
import { type MethodHandler, requiredObject, requiredString } from '../world.ts';

const MAX_VIEW_BYTES = 250_000;

/** The `view` argument when Slack would accept it for this surface. */
export function checkedView(args: Json, surface: 'modal' | 'home'): Json {
  const view = requiredObject(args, 'view');
  const problems = viewProblems(view);
  if (view.type !== surface) problems.push(`view.type: must be ${surface} here`);
  if (problems.length > 0) fail('invalid_blocks', problems);
  const size = Buffer.byteLength(JSON.stringify(view));
  if (size > MAX_VIEW_BYTES) fail('view_too_large', [`view: ${size} bytes > ${MAX_VIEW_BYTES}`]);
  return view;
}

function optionalHash(args: Json): string | undefined {
  return typeof args.hash === 'string' && args.hash !== '' ? args.hash : undefined;
}

function triggerOf(args: Json): unknown {
  return args.trigger_id ?? args.interactivity_pointer;
}

/** The view is checked before the trigger is spent, so a refused view does not burn the trigger. */
export const viewMethods: Record<string, MethodHandler> = {
  'views.open': ({ views, grants }, args) => {
    const view = checkedView(args, 'modal');
    return { view: views.open(grants.exchangeTrigger(triggerOf(args)), view) };
  },

  'views.push': ({ views, grants }, args) => {
    const view = checkedView(args, 'modal');
    return { view: views.push(grants.exchangeTrigger(triggerOf(args)), view) };
  },

  'views.update': ({ views }, args) => {
    const view = checkedView(args, 'modal');
    const viewId = typeof args.view_id === 'string' ? args.view_id : undefined;
    const externalId = typeof args.external_id === 'string' ? args.external_id : undefined;
    if (!viewId && !externalId) fail('invalid_arguments');
    return { view: views.update({ viewId, externalId }, view, optionalHash(args)) };
  },

  'views.publish': ({ views, directory }, args) => {
    const userId = requiredString(args, 'user_id');
    if (!directory.user(userId)) fail('user_not_found');
    return { view: views.publish(userId, checkedView(args, 'home'), optionalHash(args)) };
  },
};
