import type { MouseEvent } from 'react';
import { Message } from 'slack-blocks-to-jsx';
import type { Block, Json, Person } from '../shared/state.ts';

export interface Clicked {
  actionId: string;
  blockId: string;
  value?: string;
}

interface Props {
  blocks: Block[];
  cast: Person[];
  onAction(clicked: Clicked): void;
  /** A message's sender line; without it, only the blocks (a modal, the Home tab). */
  sender?: { name: string; time: Date };
}

const BOT_LOGO =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><rect width="36" height="36" rx="8" fill="#00e599"/><path d="M10 26V10l16 16V10" stroke="#1a1a1a" stroke-width="3.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  );

const elementsOf = (block: Block): Json[] =>
  [block.accessory, block.element, ...(Array.isArray(block.elements) ? block.elements : [])].filter(
    (e): e is Json => typeof e === 'object' && e !== null,
  );

/**
 * Slack formats `verbatim` mrkdwn all the same (it only skips auto-linking); the renderer would
 * show it raw, so the flag is dropped before drawing.
 */
function withoutVerbatim(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVerbatim);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'verbatim')
      .map(([key, v]) => [key, withoutVerbatim(v)]),
  );
}

/** The block (by the rendered block ids around the button) holding the element with this action_id. */
function locate(blocks: Block[], button: HTMLElement, root: HTMLElement): { block: Block; element: Json } | undefined {
  const holding = blocks.filter((b) => elementsOf(b).some((e) => e.action_id === button.id));
  for (let el = button.parentElement; el && el !== root; el = el.parentElement) {
    const block = holding.find((b) => b.block_id !== undefined && b.block_id === el.id);
    if (block) return { block, element: elementsOf(block).find((e) => e.action_id === button.id)! };
  }
  const block = holding[0];
  return block ? { block, element: elementsOf(block).find((e) => e.action_id === button.id)! } : undefined;
}

/**
 * Block Kit as the bot sent it, drawn by slack-blocks-to-jsx. That renderer draws buttons (with
 * their confirm dialogs) but sends nothing; a click is caught here and becomes a block action.
 */
export function BlockKit({ blocks, cast, onAction, sender }: Props) {
  const onClickCapture = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const root = event.currentTarget;
    const fire = (button: HTMLElement) => {
      const found = locate(blocks, button, root);
      if (!found) return;
      const value = typeof found.element.value === 'string' ? found.element.value : undefined;
      onAction({
        actionId: button.id,
        blockId: String(found.block.block_id),
        ...(value === undefined ? {} : { value }),
      });
    };
    const dialog = target.closest('.slack_blocks_to_jsx__confirm_dialog');
    if (dialog) {
      // The dialog's last button confirms; it follows the button it asks about.
      const buttons = dialog.querySelectorAll('button');
      const origin = dialog.previousElementSibling;
      if (target.closest('button') === buttons[buttons.length - 1] && origin instanceof HTMLElement) fire(origin);
      return;
    }
    const button = target.closest<HTMLElement>('button.slack_blocks_to_jsx__button_element');
    if (!button) return;
    const found = locate(blocks, button, root);
    // A button with a confirm object waits for the dialog the renderer opens.
    if (found && !found.element.confirm) fire(button);
  };
  const users = cast.map((p) => ({ id: p.id, name: p.realName.split(' ')[0]! }));
  return (
    <div className="blocks" onClickCapture={onClickCapture}>
      <Message
        blocks={withoutVerbatim(blocks) as never}
        logo={BOT_LOGO}
        name={sender?.name ?? ''}
        time={sender?.time ?? new Date()}
        withoutWrapper={!sender}
        theme="light"
        data={{ users }}
      />
    </div>
  );
}
