/** Modal stacks (at most 3 views per user) and App Home views, with Slack's ids and hashes. */
import { randomBytes } from 'node:crypto';
import { fail } from './slack-error.ts';
import type { Block, FakeView, Json } from './types.ts';

const MAX_STACK = 3;

export interface ViewIdentity {
  teamId: string;
  appId: string;
  botId: string;
}

export interface ViewRef {
  viewId?: string;
  externalId?: string;
}

export class ViewStore {
  /** user → open modals, root first. */
  private readonly stacks = new Map<string, FakeView[]>();
  private readonly homes = new Map<string, FakeView>();
  private readonly owners = new Map<string, string>();
  private sequence = 0;

  private readonly identity: ViewIdentity;

  constructor(identity: ViewIdentity) {
    this.identity = identity;
  }

  /** Starts a new stack: a modal opened from a fresh trigger replaces whatever the user had open. */
  open(userId: string, input: Json): FakeView {
    const view = this.create(userId, input, null);
    this.stacks.set(userId, [view]);
    return view;
  }

  push(userId: string, input: Json): FakeView {
    const stack = this.stacks.get(userId) ?? [];
    if (stack.length >= MAX_STACK) fail('push_limit_reached');
    const view = this.create(userId, input, stack.at(-1) ?? null);
    stack.push(view);
    this.stacks.set(userId, stack);
    return view;
  }

  update(ref: ViewRef, input: Json, hash?: string): FakeView {
    const current = this.findByRef(ref);
    if (!current) fail('not_found');
    if (hash !== undefined && hash !== current.hash) fail('hash_conflict');
    if (input.external_id !== undefined && input.external_id !== current.external_id)
      this.assertFreeExternalId(input.external_id);
    return this.replace(current, input);
  }

  publish(userId: string, input: Json, hash?: string): FakeView {
    const current = this.homes.get(userId);
    if (hash !== undefined && current && hash !== current.hash) fail('hash_conflict');
    const view = current ? this.replace(current, input) : this.create(userId, input, null);
    this.homes.set(userId, view);
    return view;
  }

  /** Closes a view and any pushed on top of it (an empty view_submission ack). */
  close(viewId: string): void {
    const userId = this.owners.get(viewId);
    const stack = userId ? this.stacks.get(userId) : undefined;
    const index = stack?.findIndex((v) => v.id === viewId) ?? -1;
    if (stack && index >= 0) stack.splice(index);
  }

  /** `response_action: clear`. */
  clear(userId: string): void {
    this.stacks.delete(userId);
  }

  find(viewId: string): FakeView | undefined {
    return this.findByRef({ viewId });
  }

  ownerOf(viewId: string): string | undefined {
    return this.owners.get(viewId);
  }

  /** Open modals, root first; of one user or of everybody. */
  openViews(userId?: string): FakeView[] {
    if (userId !== undefined) return [...(this.stacks.get(userId) ?? [])];
    return [...this.stacks.values()].flat();
  }

  home(userId: string): FakeView | undefined {
    return this.homes.get(userId);
  }

  private all(): FakeView[] {
    return [...this.openViews(), ...this.homes.values()];
  }

  private findByRef({ viewId, externalId }: ViewRef): FakeView | undefined {
    return this.all().find((v) =>
      viewId ? v.id === viewId : externalId !== undefined && v.external_id === externalId,
    );
  }

  private assertFreeExternalId(externalId: unknown): void {
    if (externalId && this.all().some((v) => v.external_id === externalId)) fail('duplicate_external_id');
  }

  private create(userId: string, input: Json, previous: FakeView | null): FakeView {
    this.assertFreeExternalId(input.external_id);
    this.sequence += 1;
    const id = `V${String(this.sequence).padStart(10, '0')}`;
    this.owners.set(id, userId);
    return this.render(input, id, previous?.root_view_id ?? id, previous?.id ?? null);
  }

  /** Same id, new content and a new hash, in the same place of its stack or home. */
  private replace(current: FakeView, input: Json): FakeView {
    const next = this.render(input, current.id, current.root_view_id, current.previous_view_id);
    const userId = this.owners.get(current.id) ?? '';
    const stack = this.stacks.get(userId);
    const index = stack?.indexOf(current) ?? -1;
    if (stack && index >= 0) stack[index] = next;
    if (this.homes.get(userId) === current) this.homes.set(userId, next);
    return next;
  }

  private render(input: Json, id: string, rootViewId: string, previousViewId: string | null): FakeView {
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    return {
      id,
      team_id: this.identity.teamId,
      app_id: this.identity.appId,
      bot_id: this.identity.botId,
      type: text(input.type),
      title: input.title as Json | undefined,
      submit: input.submit as Json | undefined,
      close: input.close as Json | undefined,
      blocks: Array.isArray(input.blocks) ? (input.blocks as Block[]) : [],
      private_metadata: text(input.private_metadata),
      callback_id: text(input.callback_id),
      external_id: text(input.external_id),
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString('hex')}`,
      notify_on_close: input.notify_on_close === true,
      clear_on_close: input.clear_on_close === true,
      root_view_id: rootViewId,
      previous_view_id: previousViewId,
    };
  }
}
