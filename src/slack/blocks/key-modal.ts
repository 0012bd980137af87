import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { MAX_REASON_LENGTH } from '../../domain/command-grammar.ts';
import { DURATION_EXAMPLES, formatDuration } from '../../domain/duration.ts';
import type { Project } from '../../neon/client.ts';
import { LIMITS, mrkdwnText, plainText } from '../text.ts';

export const KEY_VIEW = 'key_request';
export const PROJECT_BLOCK = 'key_project';
export const PROJECT_ACTION = 'key_project_select';
export const DURATION_BLOCK = 'key_duration';
export const DURATION_ACTION = 'key_duration_input';
export const REASON_BLOCK = 'key_reason';
export const REASON_ACTION = 'key_reason_input';
/** Slack's limit for one options answer. */
const OPTIONS_PER_ANSWER = 100;

export interface KeyModalInput {
  /** What was typed after `/neon key` when it named no single project. */
  typed?: { project: string; why: 'ambiguous' | 'slow' };
  /** From `for <duration>`, to keep in the form. */
  durationMs?: number;
  reason: string;
  /** The typed reason was cut to fit: the form says so under it. */
  reasonShortened?: boolean;
  defaultMs: number;
  maxMs: number;
}

/** `1d 4h` → `1d4h`: the form shows a duration the way it is typed back. */
function typedDuration(ms: number): string {
  return formatDuration(ms).replace(/ /g, '');
}

function intro(typed: KeyModalInput['typed']): string {
  if (!typed)
    return 'A Neon API key that reaches *one project only*, delivered to you alone. An approver decides first.';
  const name = mrkdwnText(typed.project, 100);
  return typed.why === 'ambiguous'
    ? `More than one Neon project matches “${name}”: pick the one you need.`
    : `Neon was slow to find “${name}”: pick the project from the list.`;
}

/**
 * The key request form, opened at once from `/neon key` (its trigger lasts 3 s): the project
 * list is searched as the person types (an external_select), so nothing slow comes first.
 * Nothing secret travels in the view.
 */
export function keyModal(input: KeyModalInput): ModalView {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', verbatim: true, text: intro(input.typed) } },
    {
      type: 'input',
      block_id: PROJECT_BLOCK,
      label: { type: 'plain_text', text: 'Project' },
      element: {
        type: 'external_select',
        action_id: PROJECT_ACTION,
        placeholder: { type: 'plain_text', text: 'Type to search the projects' },
        // Zero: the list loads as soon as the menu opens, before any typing.
        min_query_length: 0,
      },
    },
    {
      type: 'input',
      block_id: DURATION_BLOCK,
      optional: true,
      label: { type: 'plain_text', text: 'For how long' },
      element: {
        type: 'plain_text_input',
        action_id: DURATION_ACTION,
        max_length: 20,
        placeholder: { type: 'plain_text', text: `e.g. 8h (empty: ${typedDuration(input.defaultMs)})` },
        ...(input.durationMs === undefined ? {} : { initial_value: typedDuration(input.durationMs) }),
      },
      hint: {
        type: 'plain_text',
        text: plainText(
          `${DURATION_EXAMPLES.replace(/`/g, '')}; at most ${typedDuration(input.maxMs)}. The key is revoked when the time is up.`,
          LIMITS.inputLabel,
        ),
      },
    },
    {
      type: 'input',
      block_id: REASON_BLOCK,
      optional: true,
      label: { type: 'plain_text', text: 'Reason' },
      ...(input.reasonShortened
        ? { hint: { type: 'plain_text', text: `Your reason was shortened to ${MAX_REASON_LENGTH} characters.` } }
        : {}),
      element: {
        type: 'plain_text_input',
        action_id: REASON_ACTION,
        multiline: true,
        max_length: MAX_REASON_LENGTH,
        ...(input.reason ? { initial_value: input.reason } : {}),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: KEY_VIEW,
    title: { type: 'plain_text', text: 'Ask for a project key' },
    submit: { type: 'plain_text', text: 'Ask' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** The picker's answer to a search: the name to read, the id to tell same-named projects apart. */
export function projectOptions(projects: readonly Project[]): { options: PlainTextOption[] } {
  return {
    options: projects.slice(0, OPTIONS_PER_ANSWER).map((p) => ({
      text: { type: 'plain_text', text: plainText(p.name || p.id, LIMITS.optionText) },
      value: p.id,
      description: { type: 'plain_text', text: plainText(p.id, LIMITS.optionDescription) },
    })),
  };
}
