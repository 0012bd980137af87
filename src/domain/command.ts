// The `/neon …` grammar: text in, a typed command or a short explanation out.
// The bot's command is configurable (SLASH_COMMAND), so every message names the one it is given.
//
// Error messages are mrkdwn-ready and never contain `&`, `<` or `>`: user text is echoed only
// when it is made of harmless characters (see `echo`), so a message cannot carry a mention.
// The usage lines in SUBCOMMANDS are plain text (`<project id or name>`): escape them to render.

import { parseDuration } from './duration.ts';
import { isOrgRole, type OrgRole } from './request.ts';
import { parseRequestId } from './request-id.ts';
import { codePointLength, truncate } from './truncate.ts';
import { isSlackUserId } from './user-id.ts';

export const MAX_INPUT_LENGTH = 2000;
export const MAX_REASON_LENGTH = 500;
/** Neon's own limit on project names. */
export const MAX_PROJECT_NAME_LENGTH = 256;

const EXAMPLE_REQUEST_ID = 'R-7KQ2M9XD';

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
    usage: 'invite [member|admin] [reason…]',
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
    usage: 'role <admin|member> [for <duration>] [@user] [reason…]',
    description: 'Ask for a role change in the organization, for you or a teammate, optionally for a limited time.',
    example: 'role admin for 2h rotating credentials',
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
    usage: 'admin connect|disconnect|pending|reconcile',
    description: 'Approver tools: my Neon personal key, pending requests, reconciliation.',
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
  | { name: 'mine' }
  | { name: 'cancel'; requestId: string }
  | { name: 'revoke'; keyId: number }
  | { name: 'admin'; action: AdminAction };

export type ParseErrorCode =
  | 'unknown_subcommand'
  | 'missing_argument'
  | 'unexpected_argument'
  | 'bad_duration'
  | 'duplicate_duration'
  | 'misplaced_duration'
  | 'bad_role'
  | 'bad_user'
  | 'unresolved_user'
  | 'bad_project'
  | 'bad_request_id'
  | 'bad_key_id'
  | 'invite_self_only'
  | 'too_long';

export type ParseError = { ok: false; code: ParseErrorCode; message: string };
export type ParsedCommand = { ok: true; command: Command } | ParseError;

/** `slash` is the bot's own command (SLASH_COMMAND, e.g. `/neon`): the messages tell people to type it. */
export function parseCommand(text: string, slash: string): ParsedCommand {
  const decoded = decodeSlackEntities(text);
  // Two UTF-16 units per code point at most: a cheap bound before counting.
  if (decoded.length > 2 * MAX_INPUT_LENGTH || codePointLength(decoded) > MAX_INPUT_LENGTH) {
    return fail('too_long', `That is too long: keep a command under ${MAX_INPUT_LENGTH} characters.`);
  }
  const scanner = new Scanner(decoded);
  const word = scanner.take();
  if (word === undefined) return ok({ name: 'help' });
  const name = word.text.toLowerCase();
  return isSubcommand(name) ? PARSERS[name](scanner, slash) : unknownSubcommand(word.text, slash);
}

const PARSERS: Record<SubcommandName, (s: Scanner, slash: string) => ParsedCommand> = {
  // Help never fails: `/neon help me` is still a request for help.
  help: (s) => {
    const topic = s.take()?.text.toLowerCase();
    return ok(topic !== undefined && isSubcommand(topic) ? { name: 'help', topic } : { name: 'help' });
  },

  invite: (s, slash) => {
    const word = s.peek()?.text.toLowerCase();
    const role = word !== undefined && isOrgRole(word) ? word : undefined;
    if (role !== undefined) s.take();
    const next = s.peek();
    if (next !== undefined && (namesSomeone(next.text) || looksLikeEmail(next.text))) {
      return fail(
        'invite_self_only',
        `An invitation always goes to the email on your own Slack profile; to invite someone else, ask them to run \`${slash} invite\`.`,
      );
    }
    if (hasForDuration(s.remainingTokens())) {
      return fail(
        'unexpected_argument',
        `Invitations do not expire, so they take no duration; once you have joined, ask for a temporary role with \`${slash} role admin for 8h\`.`,
      );
    }
    return ok({ name: 'invite', role: role ?? 'member', ...reasonOf(s) });
  },

  // Rule for the project: only the first token can be it, unless that token is `for`. A name
  // with spaces is quoted ("my project", straight or curly quotes). An unquoted first word is
  // always taken as the project (the service resolves it as an id, then as a name), so a reason
  // without a project must follow `for <duration>`. A `for <duration>` later in the text is
  // refused (misplaced_duration) rather than silently lost; that also catches an unquoted
  // `my project for 8h`.
  key: (s, slash) => {
    let project: string | undefined;
    const first = s.peek();
    if (first !== undefined && !isWord(first, 'for')) {
      const taken = takeProject(s, first, slash);
      if (!taken.ok) return taken;
      project = taken.project;
    }
    const duration = takeForDuration(s);
    if (!duration.ok) return duration;
    const misplaced = checkReasonDuration(
      s,
      duration.ms,
      `Put the duration (\`for 8h\`) right after the project, before the reason, and quote a project name with spaces, e.g. \`${slash} key "my project" for 8h debugging\`.`,
    );
    if (misplaced !== undefined) return misplaced;
    return ok({ name: 'key', ...defined({ project, durationMs: duration.ms }), ...reasonOf(s) });
  },

  // Role, `for <duration>` and @user may come in any order before the reason, each once.
  role: (s, slash) => {
    let role: OrgRole | undefined;
    let durationMs: number | undefined;
    let targetUserId: string | undefined;
    for (let token = s.peek(); token !== undefined; token = s.peek()) {
      const word = token.text.toLowerCase();
      if (role === undefined && isOrgRole(word)) {
        role = word;
        s.take();
      } else if (durationMs === undefined && word === 'for') {
        const duration = takeForDuration(s);
        if (!duration.ok) return duration;
        durationMs = duration.ms;
      } else if (namesSomeone(token.text) || token.text.startsWith('<!')) {
        if (targetUserId !== undefined) return fail('bad_user', 'Name one person per request.');
        const user = takeUser(s, token);
        if (!user.ok) return user;
        targetUserId = user.userId;
      } else {
        break;
      }
    }
    if (role === undefined) {
      const stray = s.peek();
      return stray === undefined
        ? fail('missing_argument', `\`${slash} role\` needs a role: \`admin\` or \`member\`.`)
        : fail('bad_role', `${echo(stray.text, 'That')} is not a role here: use \`admin\` or \`member\`.`);
    }
    const misplaced = checkReasonDuration(
      s,
      durationMs,
      `Put the duration (\`for 2h\`) right after the role, before the reason, e.g. \`${example('role', slash)}\`.`,
    );
    if (misplaced !== undefined) return misplaced;
    return ok({ name: 'role', role, ...defined({ durationMs, targetUserId }), ...reasonOf(s) });
  },

  mine: (s, slash) => unexpectedArgument(s, 'mine', slash) ?? ok({ name: 'mine' }),

  cancel: (s, slash) => {
    const token = s.take();
    if (token === undefined) {
      return fail(
        'missing_argument',
        `\`${slash} cancel\` needs the id of your request, e.g. \`${example('cancel', slash)}\`; \`${slash} mine\` lists them.`,
      );
    }
    const requestId = parseRequestId(token.text);
    if (requestId === undefined) {
      return fail(
        'bad_request_id',
        `${echo(token.text, 'That')} is not a request id; they look like \`${EXAMPLE_REQUEST_ID}\`, and \`${slash} mine\` lists yours.`,
      );
    }
    return unexpectedArgument(s, 'cancel', slash) ?? ok({ name: 'cancel', requestId });
  },

  revoke: (s, slash) => {
    const token = s.take();
    if (token === undefined) {
      return fail(
        'missing_argument',
        `\`${slash} revoke\` needs the id of your key, e.g. \`${example('revoke', slash)}\`; \`${slash} mine\` lists them.`,
      );
    }
    const keyId = /^[0-9]+$/.test(token.text) ? Number(token.text) : Number.NaN;
    if (!Number.isSafeInteger(keyId) || keyId < 1) {
      return fail(
        'bad_key_id',
        `${echo(token.text, 'That')} is not a key id; key ids are numbers, and \`${slash} mine\` lists yours.`,
      );
    }
    return unexpectedArgument(s, 'revoke', slash) ?? ok({ name: 'revoke', keyId });
  },

  admin: (s, slash) => {
    const names = orList(ADMIN_ACTIONS.map((a) => a.name));
    const token = s.take();
    if (token === undefined) return fail('missing_argument', `\`${slash} admin\` needs one of ${names}.`);
    const action = token.text.toLowerCase();
    if (!isAdminAction(action)) {
      return fail('unknown_subcommand', `${echo(token.text, 'That')} is not an admin command: use ${names}.`);
    }
    return unexpectedArgument(s, 'admin', slash) ?? ok({ name: 'admin', action });
  },
};

// ---- tokens ----------------------------------------------------------------------------

interface Token {
  text: string;
  start: number;
  end: number;
}

// `\s` with the u flag covers tabs, newlines and Unicode spaces (no-break, ideographic…);
// the zero-width space is added since it pastes invisibly from rich text.
const SPACE = '\\s\\u200B';

/** Walks whitespace-separated tokens, keeping offsets so the reason keeps its own spacing. */
class Scanner {
  pos = 0;
  private readonly token = new RegExp(`[^${SPACE}]+`, 'gu');

  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  peek(): Token | undefined {
    this.token.lastIndex = this.pos;
    const match = this.token.exec(this.text);
    return match === null ? undefined : { text: match[0], start: match.index, end: match.index + match[0].length };
  }

  take(): Token | undefined {
    const token = this.peek();
    if (token !== undefined) this.pos = token.end;
    return token;
  }

  remainingTokens(): Token[] {
    const start = this.pos;
    const tokens: Token[] = [];
    for (let token = this.take(); token !== undefined; token = this.take()) tokens.push(token);
    this.pos = start;
    return tokens;
  }

  rest(): string {
    return trimSpace(this.text.slice(this.pos));
  }
}

const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'gu');

function trimSpace(s: string): string {
  return s.replace(TRIM, '');
}

/** Slack escapes exactly these three in command text; one pass, so `&amp;lt;` stays `&lt;`. */
function decodeSlackEntities(s: string): string {
  return s.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

function isWord(token: Token, word: string): boolean {
  return token.text.toLowerCase() === word;
}

// ---- arguments -------------------------------------------------------------------------

type Taken<T> = ({ ok: true } & T) | ParseError;

const OPEN_QUOTES = '"“”„';
const CLOSE_QUOTES = '"“”';

function takeProject(s: Scanner, first: Token, slash: string): Taken<{ project: string }> {
  let project: string;
  if (OPEN_QUOTES.includes(first.text.charAt(0))) {
    const close = indexOfAny(s.text, CLOSE_QUOTES, first.start + 1);
    if (close < 0) {
      return fail('bad_project', `The project name has no closing quote: write \`${slash} key "my project" for 8h\`.`);
    }
    project = trimSpace(s.text.slice(first.start + 1, close));
    s.pos = close + 1;
    if (project === '') return fail('bad_project', 'The quoted project name is empty.');
  } else if (first.text.startsWith('<') || first.text.startsWith('@')) {
    // A key always goes to whoever asks; a person or channel here is a misunderstanding.
    return fail(
      'bad_project',
      `\`${slash} key\` takes a Neon project id or name, e.g. \`${example('key', slash)}\`; keys go only to the person who asks.`,
    );
  } else {
    project = first.text;
    s.take();
  }
  if (codePointLength(project) > MAX_PROJECT_NAME_LENGTH) {
    return fail('bad_project', `A Neon project name has at most ${MAX_PROJECT_NAME_LENGTH} characters.`);
  }
  return { ok: true, project };
}

/** An optional `for <duration>`; `ms` is undefined when there is no `for`. */
function takeForDuration(s: Scanner): Taken<{ ms: number | undefined }> {
  const keyword = s.peek();
  if (keyword === undefined || !isWord(keyword, 'for')) return { ok: true, ms: undefined };
  s.take();
  const token = s.take();
  if (token === undefined) {
    return fail('missing_argument', '`for` needs a duration after it: `30m`, `8h`, `7d` or `2w`.');
  }
  const duration = parseDuration(token.text);
  if (!duration.ok) return fail('bad_duration', duration.message);
  const next = s.peek();
  if (next !== undefined && parseDuration(next.text).ok) {
    return fail('bad_duration', 'Write a duration as one word, e.g. `1h30m`.');
  }
  return { ok: true, ms: duration.ms };
}

// With should_escape, Slack turns a picked user into `<@U123>` or `<@U123|name>`; the name may
// contain spaces, so the mention ends at the next `>`, not at the end of the token.
function takeUser(s: Scanner, token: Token): Taken<{ userId: string }> {
  if (token.text.startsWith('<@')) {
    const close = s.text.indexOf('>', token.start);
    const userId = close < 0 ? '' : (s.text.slice(token.start + 2, close).split('|')[0] ?? '');
    if (!isSlackUserId(userId)) {
      return fail('bad_user', "That is not a Slack user: pick the person from Slack's autocomplete list.");
    }
    s.pos = close + 1;
    return { ok: true, userId };
  }
  if (token.text.startsWith('@') && token.text.length > 1) {
    return fail(
      'unresolved_user',
      "A typed name cannot be looked up: pick the person from Slack's autocomplete list so the name turns into a mention.",
    );
  }
  return fail('bad_user', "Name one person, not a group or channel: pick them from Slack's autocomplete list.");
}

/** A user mention or a typed `@name`. (`<!here>`, `<!subteam^…>` are groups, handled apart.) */
function namesSomeone(text: string): boolean {
  return text.startsWith('@') || text.startsWith('<@');
}

function looksLikeEmail(text: string): boolean {
  return text.toLowerCase().startsWith('<mailto:') || /^[^@]+@[^@]+\.[^@]+$/.test(text);
}

function hasForDuration(tokens: readonly Token[]): boolean {
  return tokens.some((token, i) => {
    const next = tokens[i + 1];
    return isWord(token, 'for') && next !== undefined && parseDuration(next.text).ok;
  });
}

/** A `for <duration>` inside the reason is either a second duration or one in the wrong place. */
function checkReasonDuration(
  s: Scanner,
  durationMs: number | undefined,
  placementHint: string,
): ParseError | undefined {
  if (!hasForDuration(s.remainingTokens())) return undefined;
  return durationMs === undefined
    ? fail('misplaced_duration', placementHint)
    : fail('duplicate_duration', 'Give one duration only, e.g. `for 8h`.');
}

/** The rest of the text, as typed but trimmed and capped; '' when there is none. */
function reasonOf(s: Scanner): Reason {
  const typed = s.rest();
  const reason = truncate(typed, MAX_REASON_LENGTH);
  return reason === typed ? { reason } : { reason, reasonShortened: true };
}

function unexpectedArgument(s: Scanner, name: SubcommandName, slash: string): ParseError | undefined {
  if (s.peek() === undefined) return undefined;
  return fail(
    'unexpected_argument',
    `That has more than \`${slash} ${name}\` expects; write it like \`${example(name, slash)}\`.`,
  );
}

// ---- messages ----------------------------------------------------------------------------

const ECHOABLE = /^[\p{L}\p{N}_.:+-]{1,40}$/u;

/** User text is quoted back only when it cannot break out of the code span or form a mention. */
function echo(text: string, fallback: string): string {
  return ECHOABLE.test(text) ? `\`${text}\`` : fallback;
}

function example(name: SubcommandName, slash: string): string {
  return `${slash} ${SUBCOMMANDS.find((c) => c.name === name)?.example ?? name}`;
}

function orList(words: readonly string[]): string {
  const quoted = words.map((w) => `\`${w}\``);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

function unknownSubcommand(word: string, slash: string): ParseError {
  const guess = closestSubcommand(word.toLowerCase());
  const hint = guess === undefined ? '' : ` Did you mean \`${slash} ${guess}\`?`;
  const what = ECHOABLE.test(word) ? `\`${slash} ${word}\`` : 'That';
  return fail('unknown_subcommand', `${what} is not a command.${hint} \`${slash} help\` lists them all.`);
}

function closestSubcommand(word: string): SubcommandName | undefined {
  let best: { name: SubcommandName; distance: number } | undefined;
  for (const { name } of SUBCOMMANDS) {
    const distance = word.length >= 2 && name.startsWith(word) ? 0 : editDistance(word, name);
    if (distance <= (word.length <= 4 ? 1 : 2) && (best === undefined || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

/** Edit distance where swapping two neighbours counts as one edit (`hlep` → `help`). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const same = a[i - 1] === b[j - 1];
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      const best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1));
      d[i]![j] = swapped ? Math.min(best, at(i - 2, j - 2) + 1) : best;
    }
  }
  return at(a.length, b.length);
}

// ---- small helpers ---------------------------------------------------------------------------

function ok(command: Command): ParsedCommand {
  return { ok: true, command };
}

function fail(code: ParseErrorCode, message: string): ParseError {
  return { ok: false, code, message };
}

function isSubcommand(name: string): name is SubcommandName {
  return SUBCOMMANDS.some((c) => c.name === name);
}

function isAdminAction(name: string): name is AdminAction {
  return ADMIN_ACTIONS.some((a) => a.name === name);
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i += 1) if (chars.includes(text.charAt(i))) return i;
  return -1;
}

/** Drops undefined values, so optional fields are absent rather than present-but-undefined. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
