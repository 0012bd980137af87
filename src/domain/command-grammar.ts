// The `/neon …` grammar as data: its subcommands and admin actions (usage, description, example),
// the commands a parse yields and the errors it names. The usage lines are plain text
// (`<project id or name>`): escape them to render.

import { ORG_ROLES, type OrgRole } from './request.ts';

export const MAX_INPUT_LENGTH = 2000;
export const MAX_REASON_LENGTH = 500;
/** Neon's own limit on project names. */
export const MAX_PROJECT_NAME_LENGTH = 256;

export const EXAMPLE_REQUEST_ID = 'R-7KQ2M9XD';

/** Every role of Neon's, as a usage line writes the choice: `admin|member|…`. */
const ROLE_CHOICES = ORG_ROLES.join('|');

export interface SubcommandInfo {
  readonly name: string;
  /** What follows the slash command; plain text with `<placeholders>`: escape before putting it into mrkdwn. */
  readonly usage: string;
  readonly description: string;
  /** What follows the slash command in a complete command that parses; shown in help and in error messages. */
  readonly example: string;
  readonly adminOnly: boolean;
}

export const SUBCOMMANDS = [
  {
    name: 'help',
    usage: 'help [command]',
    description: 'List the commands, or explain one of them.',
    example: 'help key',
    adminOnly: false,
  },
  {
    name: 'invite',
    usage: `invite [${ROLE_CHOICES}] [reason…]`,
    description: 'Ask for an invitation to the Neon organization, sent to the email on your Slack profile.',
    example: 'invite member joining the data team',
    adminOnly: false,
  },
  {
    name: 'key',
    usage: 'key [<project id or name>] [for <duration>] [reason…]',
    description: 'Ask for an API key that reaches one project only, delivered to you alone.',
    example: 'key billing-api for 8h debugging invoices',
    adminOnly: false,
  },
  {
    name: 'role',
    usage: `role <${ROLE_CHOICES}> [for <duration>] [@user] [reason…]`,
    description: 'Ask for a role change in the organization, for you or a teammate, optionally for a limited time.',
    example: 'role admin for 2h rotating credentials',
    adminOnly: false,
  },
  {
    name: 'extend',
    usage: 'extend <request id> <duration> [reason…]',
    description:
      'Ask for more time on a key or temporary role I hold (its request id, which mine lists), counted from its current end. Before a grant ends you get a DM with Extend… and End now.',
    example: `extend ${EXAMPLE_REQUEST_ID} 4h still migrating`,
    adminOnly: false,
  },
  {
    name: 'mine',
    usage: 'mine',
    description: 'Show my requests, my live keys and my grants.',
    example: 'mine',
    adminOnly: false,
  },
  {
    name: 'cancel',
    usage: 'cancel <request id>',
    description: 'Withdraw a pending request of mine.',
    example: `cancel ${EXAMPLE_REQUEST_ID}`,
    adminOnly: false,
  },
  {
    name: 'revoke',
    usage: 'revoke <key id>',
    description: 'Revoke a key I was issued (no approval needed).',
    example: 'revoke 4242',
    adminOnly: false,
  },
  {
    name: 'admin',
    usage: 'admin connect|disconnect|pending|reconcile|remove',
    description: 'Approver tools: my Neon personal key, pending requests, reconciliation, removing a member.',
    example: 'admin pending',
    adminOnly: true,
  },
] as const satisfies readonly SubcommandInfo[];

export type SubcommandName = (typeof SUBCOMMANDS)[number]['name'];

export const ADMIN_ACTIONS = [
  { name: 'connect', usage: 'admin connect', description: 'Store my own Neon personal API key (opens a form).' },
  { name: 'disconnect', usage: 'admin disconnect', description: 'Remove my stored Neon personal API key.' },
  { name: 'pending', usage: 'admin pending', description: 'List what waits for a decision.' },
  {
    name: 'reconcile',
    usage: 'admin reconcile',
    description: 'Compare the organization in Neon with what the bot granted.',
  },
  {
    name: 'remove',
    usage: 'admin remove <@user | email> [reason…]',
    description:
      'Ask to remove someone from the Neon organization; another approver approves, and it runs with their own Neon key.',
  },
] as const;

export type AdminAction = (typeof ADMIN_ACTIONS)[number]['name'];

/** The reason as kept: cut to MAX_REASON_LENGTH, and `reasonShortened` when that cut something, for the reply to say. */
export interface Reason {
  reason: string;
  reasonShortened?: true;
}

export type Command =
  | { name: 'help'; topic?: SubcommandName }
  | ({ name: 'invite'; role: OrgRole } & Reason)
  /** `project` is a Neon project id or name, as typed; no project means "ask in a modal". */
  | ({ name: 'key'; project?: string; durationMs?: number } & Reason)
  | ({ name: 'role'; role: OrgRole; durationMs?: number; targetUserId?: string } & Reason)
  | ({ name: 'extend'; requestId: string; durationMs: number } & Reason)
  | { name: 'mine' }
  | { name: 'cancel'; requestId: string }
  | { name: 'revoke'; keyId: number }
  | { name: 'admin'; action: Exclude<AdminAction, 'remove'> }
  /** Whom to remove: a Slack user (found in Neon by their profile email) or a Neon member's email as typed. */
  | ({ name: 'admin'; action: 'remove'; targetUserId?: string; targetEmail?: string } & Reason);

export type ParseErrorCode =
  | 'unknown_subcommand'
  | 'missing_argument'
  | 'unexpected_argument'
  | 'bad_duration'
  | 'duplicate_duration'
  | 'misplaced_duration'
  | 'bad_role'
  | 'bad_user'
  | 'bad_email'
  | 'unresolved_user'
  | 'bad_project'
  | 'bad_request_id'
  | 'bad_key_id'
  | 'invite_self_only'
  | 'too_long';

export type ParseError = { ok: false; code: ParseErrorCode; message: string };
export type ParsedCommand = { ok: true; command: Command } | ParseError;

export function isSubcommand(name: string): name is SubcommandName {
  return SUBCOMMANDS.some((c) => c.name === name);
}

export function isAdminAction(name: string): name is AdminAction {
  return ADMIN_ACTIONS.some((a) => a.name === name);
}
