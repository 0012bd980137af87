import { type Caller, type OrgAccess, requireOrg } from '../auth.ts';
import { NeonHttpError } from '../errors.ts';
import type { MemberRole, OrgState } from '../state.ts';

/** A request that already passed authentication and the spec's request validation. */
export interface HandlerContext {
  state: OrgState;
  caller: Caller;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** Returns the 200 body; refusals are thrown as NeonHttpError. */
export type Handler = (ctx: HandlerContext) => unknown;

export function orgAccess(ctx: HandlerContext): OrgAccess {
  return requireOrg(ctx.state, ctx.caller, ctx.params.org_id);
}

/** Opaque offset cursors: enough for an emulator, and clients must not look inside anyway. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) throw new NeonHttpError(400, 'invalid cursor');
  return Number(match[1]);
}

export function optionalInt(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** A role the spec allows but this organization does not offer (the emulator's `roles` option). */
export function refuseUnofferedRole(state: OrgState, role: MemberRole): void {
  if (!state.roles.has(role)) throw new NeonHttpError(400, `role ${role} is not available for this organization`);
}
