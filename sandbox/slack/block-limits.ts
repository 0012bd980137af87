/**
 * Block Kit limits the real Slack enforces (or silently truncates) that this bot can hit.
 * Each checker returns human-readable problems, empty when the payload is acceptable.
 * The numbers come from Slack's Block Kit reference (see shared notes §1.2–1.3).
 */
import type { Json } from './types.ts';

type Check = (node: Json, path: string, p: Problems) => void;

interface TextRule {
  plainOnly?: boolean;
  required?: boolean;
}

class Problems {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path}: ${problem}`);
  }

  length(path: string, value: unknown, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'string') return this.add(path, 'must be a string');
    if (value.length > max) this.add(path, `${value.length} chars > ${max}`);
  }

  /** Returns the array (or nothing) so callers can check the items too. */
  items(path: string, value: unknown, max: number): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.add(path, 'must be an array');
      return [];
    }
    if (value.length > max) this.add(path, `${value.length} items > ${max}`);
    return value;
  }

  text(path: string, value: unknown, max: number, rule: TextRule = {}): void {
    if (value === undefined) {
      if (rule.required) this.add(path, 'required');
      return;
    }
    if (!isObject(value)) return this.add(path, 'must be a text object');
    const allowed = rule.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (!allowed.includes(String(value.type))) return this.add(`${path}.type`, `must be ${allowed.join(' or ')}`);
    if (typeof value.text !== 'string' || value.text.length === 0) {
      return this.add(`${path}.text`, 'must be a non-empty string');
    }
    this.length(`${path}.text`, value.text, max);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkOption(option: unknown, path: string, p: Problems): void {
  if (!isObject(option)) return p.add(path, 'must be an option object');
  p.text(`${path}.text`, option.text, 75, { required: true });
  if (typeof option.value !== 'string') p.add(`${path}.value`, 'required');
  p.length(`${path}.value`, option.value, 150);
  p.text(`${path}.description`, option.description, 75);
  p.length(`${path}.url`, option.url, 3000);
}

function checkOptions(node: Json, path: string, p: Problems, max: number): void {
  for (const [i, o] of p.items(`${path}.options`, node.options, max).entries()) {
    checkOption(o, `${path}.options[${i}]`, p);
  }
  for (const [g, group] of p.items(`${path}.option_groups`, node.option_groups, 100).entries()) {
    const at = `${path}.option_groups[${g}]`;
    if (!isObject(group)) {
      p.add(at, 'must be an option group');
      continue;
    }
    p.text(`${at}.label`, group.label, 75, { plainOnly: true, required: true });
    for (const [i, o] of p.items(`${at}.options`, group.options, 100).entries())
      checkOption(o, `${at}.options[${i}]`, p);
  }
  if (node.initial_option !== undefined) checkOption(node.initial_option, `${path}.initial_option`, p);
}

function checkConfirm(confirm: unknown, path: string, p: Problems): void {
  if (!isObject(confirm)) return p.add(path, 'must be a confirmation dialog object');
  p.text(`${path}.title`, confirm.title, 100, { plainOnly: true, required: true });
  p.text(`${path}.text`, confirm.text, 300, { required: true });
  p.text(`${path}.confirm`, confirm.confirm, 30, { plainOnly: true, required: true });
  p.text(`${path}.deny`, confirm.deny, 30, { plainOnly: true, required: true });
}

const noLimits: Check = () => {};

const ELEMENT_CHECKS: Record<string, Check> = {
  button(e, path, p) {
    p.text(`${path}.text`, e.text, 75, { plainOnly: true, required: true });
    p.length(`${path}.value`, e.value, 2000);
    p.length(`${path}.url`, e.url, 3000);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') {
      p.add(`${path}.style`, 'must be primary or danger');
    }
  },
  static_select: (e, path, p) => checkOptions(e, path, p, 100),
  multi_static_select: (e, path, p) => checkOptions(e, path, p, 100),
  external_select: (e, path, p) => checkOptions(e, path, p, 100),
  multi_external_select: (e, path, p) => checkOptions(e, path, p, 100),
  overflow: (e, path, p) => checkOptions(e, path, p, 5),
  radio_buttons: (e, path, p) => checkOptions(e, path, p, 10),
  checkboxes: (e, path, p) => checkOptions(e, path, p, 10),
  plain_text_input(e, path, p) {
    for (const key of ['min_length', 'max_length'] as const) {
      const n = e[key];
      if (n !== undefined && (typeof n !== 'number' || n > 3000)) p.add(`${path}.${key}`, 'must be a number ≤ 3000');
    }
    p.length(`${path}.initial_value`, e.initial_value, 3000);
  },
  image(e, path, p) {
    if (e.alt_text === undefined) p.add(`${path}.alt_text`, 'required');
    p.length(`${path}.alt_text`, e.alt_text, 2000);
  },
  users_select: noLimits,
  multi_users_select: noLimits,
  conversations_select: noLimits,
  multi_conversations_select: noLimits,
  channels_select: noLimits,
  multi_channels_select: noLimits,
  datepicker: noLimits,
  timepicker: noLimits,
  datetimepicker: noLimits,
  email_text_input: noLimits,
  url_text_input: noLimits,
  number_input: noLimits,
  rich_text_input: noLimits,
  file_input: noLimits,
};

function checkElement(element: unknown, path: string, p: Problems): void {
  if (!isObject(element)) return p.add(path, 'must be an element object');
  const check = ELEMENT_CHECKS[String(element.type)];
  if (!check) return p.add(`${path}.type`, `unknown element type ${String(element.type)}`);
  check(element, path, p);
  p.length(`${path}.action_id`, element.action_id, 255);
  p.text(`${path}.placeholder`, element.placeholder, 150, { plainOnly: true });
  if (element.confirm !== undefined) checkConfirm(element.confirm, `${path}.confirm`, p);
}

const BLOCK_CHECKS: Record<string, Check> = {
  section(b, path, p) {
    if (b.text === undefined && b.fields === undefined) p.add(path, 'needs text or fields');
    p.text(`${path}.text`, b.text, 3000);
    for (const [i, f] of p.items(`${path}.fields`, b.fields, 10).entries()) {
      p.text(`${path}.fields[${i}]`, f, 2000, { required: true });
    }
    if (b.accessory !== undefined) checkElement(b.accessory, `${path}.accessory`, p);
  },
  header(b, path, p) {
    p.text(`${path}.text`, b.text, 150, { plainOnly: true, required: true });
  },
  context(b, path, p) {
    const elements = p.items(`${path}.elements`, b.elements, 10);
    if (elements.length === 0) p.add(`${path}.elements`, 'required');
    elements.forEach((e, i) => {
      const at = `${path}.elements[${i}]`;
      if (isObject(e) && e.type === 'image') checkElement(e, at, p);
      else p.text(at, e, 3000, { required: true });
    });
  },
  actions(b, path, p) {
    const elements = p.items(`${path}.elements`, b.elements, 25);
    if (elements.length === 0) p.add(`${path}.elements`, 'required');
    const actionIds = new Set<unknown>();
    elements.forEach((e, i) => {
      checkElement(e, `${path}.elements[${i}]`, p);
      const actionId = isObject(e) ? e.action_id : undefined;
      if (actionId === undefined) return;
      if (actionIds.has(actionId)) p.add(`${path}.elements[${i}].action_id`, `duplicate action_id ${String(actionId)}`);
      actionIds.add(actionId);
    });
  },
  input(b, path, p) {
    p.text(`${path}.label`, b.label, 2000, { plainOnly: true, required: true });
    p.text(`${path}.hint`, b.hint, 2000, { plainOnly: true });
    if (b.element === undefined) p.add(`${path}.element`, 'required');
    else checkElement(b.element, `${path}.element`, p);
  },
  image(b, path, p) {
    ELEMENT_CHECKS.image?.(b, path, p);
    p.text(`${path}.title`, b.title, 2000, { plainOnly: true });
  },
  markdown(b, path, p) {
    if (typeof b.text !== 'string') p.add(`${path}.text`, 'required');
    p.length(`${path}.text`, b.text, 12_000);
  },
  divider: noLimits,
  rich_text: noLimits,
  video: noLimits,
  file: noLimits,
  table: noLimits,
};

function checkBlocks(blocks: unknown, max: number, p: Problems): void {
  const blockIds = new Set<unknown>();
  for (const [i, block] of p.items('blocks', blocks, max).entries()) {
    const path = `blocks[${i}]`;
    const check = isObject(block) ? BLOCK_CHECKS[String(block.type)] : undefined;
    if (!isObject(block)) p.add(path, 'must be a block object');
    else if (!check) p.add(`${path}.type`, `unknown block type ${String(block.type)}`);
    else {
      check(block, path, p);
      if (block.block_id === undefined) continue;
      p.length(`${path}.block_id`, block.block_id, 255);
      if (blockIds.has(block.block_id)) p.add(`${path}.block_id`, `duplicate block_id ${String(block.block_id)}`);
      blockIds.add(block.block_id);
    }
  }
}

/** A message's blocks (chat.postMessage, chat.update, response_url, command ack). */
export function messageProblems(message: Json): string[] {
  const p = new Problems();
  checkBlocks(message.blocks, 50, p);
  return p.list;
}

/** A modal or App Home view. */
export function viewProblems(view: unknown): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add('view', 'must be an object');
    return p.list;
  }
  if (view.type !== 'modal' && view.type !== 'home') p.add('view.type', 'must be modal or home');
  if (!Array.isArray(view.blocks)) p.add('view.blocks', 'required');
  checkBlocks(view.blocks, 100, p);
  if (view.type === 'modal') {
    p.text('view.title', view.title, 24, { plainOnly: true, required: true });
    p.text('view.submit', view.submit, 24, { plainOnly: true });
    p.text('view.close', view.close, 24, { plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) p.add('view.submit', 'required when the view has input blocks');
  }
  p.length('view.private_metadata', view.private_metadata, 3000);
  p.length('view.callback_id', view.callback_id, 255);
  p.length('view.external_id', view.external_id, 255);
  return p.list;
}

/** The answer to a `block_suggestion` (external_select options load). */
export function optionsProblems(answer: unknown): string[] {
  const p = new Problems();
  if (!isObject(answer)) p.add('options answer', 'must be a JSON object');
  else if (answer.options === undefined && answer.option_groups === undefined)
    p.add('options answer', 'needs options or option_groups');
  else checkOptions(answer, 'answer', p, 100);
  return p.list;
}
