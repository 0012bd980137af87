import { type ReactNode, useRef, useState } from 'react';
import type { ActionBody, Block, Json, Option, PlaygroundState, ShownView, StateValues } from '../shared/state.ts';
import { api } from './api.ts';
import { BlockKit, type Clicked } from './block-kit.tsx';
import { ExternalSelect } from './external-select.tsx';

interface Props {
  view: ShownView;
  state: PlaygroundState;
  me: string;
  act(where: ActionBody['where']): (clicked: Clicked) => void;
  report(work: Promise<unknown>): void;
}

const elementOf = (b: Block) => b.element as (Json & { type: string; action_id: string }) | undefined;
const textOf = (t: unknown) => (t as { text?: string } | undefined)?.text ?? '';

/** What each input holds now, as Slack puts it in `view.state.values`. */
function valuesOf(view: ShownView, root: HTMLElement, picked: Record<string, Option>): StateValues {
  const values: StateValues = {};
  for (const block of view.blocks) {
    const element = elementOf(block);
    if (block.type !== 'input' || !element || !block.block_id) continue;
    const { type, action_id } = element;
    if (type === 'external_select') {
      const option = picked[block.block_id];
      values[block.block_id] = { [action_id]: { type, selected_option: option ?? null } };
    } else {
      const field = root.querySelector(`[id="${CSS.escape(action_id)}"]`);
      const input = field?.matches('input, textarea') ? field : field?.querySelector('input, textarea');
      const value = (input as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
      values[block.block_id] = { [action_id]: { type, value: value === '' ? null : value } };
    }
  }
  return values;
}

/**
 * The top modal of your stack. Blocks are drawn by the renderer; an external_select (the project
 * search) is drawn here, since its options come from the bot. Submit sends view_submission with
 * the inputs' values, and `response_action: errors` shows under the fields it names.
 */
export function Modal({ view, state, me, act, report }: Props) {
  const body = useRef<HTMLDivElement>(null);
  const [picked, setPicked] = useState<Record<string, Option>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const onAction = act({ view: { id: view.id } });
  const submit = () => {
    if (!body.current) return;
    setBusy(true);
    const done = api
      .submit({ userId: me, viewId: view.id, values: valuesOf(view, body.current, picked) })
      .then((reply) => setErrors(reply.response_action === 'errors' ? (reply.errors ?? {}) : {}))
      .finally(() => setBusy(false));
    report(done);
  };
  // Consecutive ordinary blocks go to the renderer together; each external_select input is drawn here.
  const parts: ReactNode[] = [];
  let run: Block[] = [];
  const flush = () => {
    if (run.length > 0) parts.push(<BlockKit key={parts.length} blocks={run} cast={state.cast} onAction={onAction} />);
    run = [];
  };
  for (const block of view.blocks) {
    const element = elementOf(block);
    if (block.type === 'input' && element?.type === 'external_select' && block.block_id) {
      flush();
      const blockId = block.block_id;
      parts.push(
        <div key={blockId} className="input-block">
          <div className="label">{textOf(block.label)}</div>
          <ExternalSelect
            placeholder={textOf(element.placeholder)}
            search={(value) =>
              api
                .suggest({ userId: me, viewId: view.id, actionId: element.action_id, blockId, value })
                .then((r) => r.options ?? [])
            }
            onPick={(option) => setPicked((p) => ({ ...p, [blockId]: option }))}
          />
        </div>,
      );
    } else run.push(block);
    const error = block.block_id ? errors[block.block_id] : undefined;
    if (error) {
      flush();
      parts.push(
        <p key={`error:${block.block_id}`} className="field-error" data-testid="field-error">
          {error}
        </p>,
      );
    }
  }
  flush();
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label={view.title} data-callback-id={view.callbackId}>
        <header>
          <h2>{view.title}</h2>
          <button type="button" className="close-x" aria-label="Close" onClick={() => report(api.close(view.id))}>
            ✕
          </button>
        </header>
        <div className="modal-body" ref={body}>
          {parts}
        </div>
        <footer>
          <button type="button" onClick={() => report(api.close(view.id))}>
            {view.close ?? 'Cancel'}
          </button>
          {view.submit && (
            <button type="button" className="primary" disabled={busy} onClick={submit}>
              {view.submit}
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}
