/**
 * Request payloads shaped like the ones Slack sends (field names and nesting from Slack's
 * interaction-payload and Events API references). Pure builders: the driver issues the grants,
 * signs and sends.
 */
import type { Block, FakeView, Json } from './slack/index.ts';

/** Who is acting, as Slack describes them in every payload. */
export interface Actor {
  user: { id: string; username: string; name: string; team_id: string };
  team: { id: string; domain: string };
  apiAppId: string;
}

export interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: { text: Json; value: string } | null;
  [key: string]: unknown;
}

/** `view.state.values`: block_id → action_id → the element's current value. */
export type StateValues = Record<string, Record<string, StateValue>>;

/** Slack stopped using it but still sends it. */
const VERIFICATION_TOKEN = 'fake-deprecated-verification-token';

/** Slack sends channel names alongside ids; tests only ever look at the ids. */
export function channelName(channelId: string): string {
  return channelId.startsWith('D') ? 'directmessage' : 'general';
}

export interface CommandFields {
  command: string;
  text: string;
  channelId: string;
  responseUrl: string;
  triggerId: string;
}

export function slashCommandFields(actor: Actor, fields: CommandFields): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: actor.team.id,
    team_domain: actor.team.domain,
    channel_id: fields.channelId,
    channel_name: channelName(fields.channelId),
    user_id: actor.user.id,
    user_name: actor.user.username,
    command: fields.command,
    text: fields.text,
    api_app_id: actor.apiAppId,
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  };
}

function common(actor: Actor, type: string): Json {
  return {
    type,
    team: actor.team,
    user: actor.user,
    api_app_id: actor.apiAppId,
    token: VERIFICATION_TOKEN,
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** The action as Slack reports it, from the rendered element when the test found one. */
export interface ActionFields {
  actionId: string;
  blockId: string;
  element: Json | undefined;
  value?: string;
  selectedOption?: { text: Json; value: string };
}

function actionOf({ actionId, blockId, element, value, selectedOption }: ActionFields): Json {
  const type = String(element?.type ?? (selectedOption ? 'static_select' : 'button'));
  const action: Json = { action_id: actionId, block_id: blockId, type, action_ts: (Date.now() / 1000).toFixed(6) };
  if (type === 'button') {
    if (element?.text) action.text = element.text;
    action.value = value ?? element?.value;
  } else if (selectedOption) {
    action.selected_option = selectedOption;
  } else if (value !== undefined) {
    action.value = value;
  }
  return action;
}

export interface BlockActionsFields {
  action: ActionFields;
  triggerId: string;
  container: Json;
  channel?: { id: string; name: string };
  message?: Json;
  view?: FakeView;
  responseUrl?: string;
  values?: StateValues;
}

export function blockActionsPayload(actor: Actor, fields: BlockActionsFields): Json {
  const values = fields.values ?? {};
  return {
    ...common(actor, 'block_actions'),
    container: fields.container,
    trigger_id: fields.triggerId,
    ...(fields.channel ? { channel: fields.channel } : {}),
    ...(fields.message ? { message: fields.message } : {}),
    ...(fields.view ? { view: { ...fields.view, state: { values } } } : {}),
    state: { values },
    ...(fields.responseUrl ? { response_url: fields.responseUrl } : {}),
    actions: [actionOf(fields.action)],
  };
}

export function viewSubmissionPayload(actor: Actor, view: FakeView, values: StateValues, triggerId: string): Json {
  return {
    ...common(actor, 'view_submission'),
    trigger_id: triggerId,
    view: { ...view, state: { values } },
    response_urls: [],
  };
}

export interface SuggestionFields {
  actionId: string;
  blockId: string;
  value: string;
  view: FakeView;
}

export function blockSuggestionPayload(actor: Actor, fields: SuggestionFields): Json {
  return {
    ...common(actor, 'block_suggestion'),
    container: { type: 'view', view_id: fields.view.id },
    action_id: fields.actionId,
    block_id: fields.blockId,
    value: fields.value,
    view: fields.view,
  };
}

let eventSequence = 0;

export function eventCallbackPayload(actor: Actor, botUserId: string, event: Json): Json {
  eventSequence += 1;
  const now = Date.now() / 1000;
  return {
    token: VERIFICATION_TOKEN,
    team_id: actor.team.id,
    api_app_id: actor.apiAppId,
    event: { event_ts: now.toFixed(6), ...event },
    type: 'event_callback',
    event_id: `Ev${String(eventSequence).padStart(10, '0')}`,
    event_time: Math.floor(now),
    authorizations: [
      { enterprise_id: null, team_id: actor.team.id, user_id: botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** The interactive element with this action_id among blocks, and its block's id. */
export function findElement(
  blocks: Block[],
  actionId: string,
): { blockId: string | undefined; element: Json } | undefined {
  for (const block of blocks) {
    const elements = [block.accessory, block.element, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const element of elements) {
      if (typeof element === 'object' && element !== null && (element as Json).action_id === actionId) {
        return { blockId: block.block_id, element: element as Json };
      }
    }
  }
  return undefined;
}
