// The `/neon …` parser: text in, a typed command or a short explanation out (the grammar is in
// command-grammar.ts, its wording in command-messages.ts). The bot's command is configurable
// (SLASH_COMMAND), so every message names the one it is given.

import {
  ADMIN_ACTIONS,
  EXAMPLE_REQUEST_ID,
  isAdminAction,
  isSubcommand,
  MAX_INPUT_LENGTH,
  MAX_PROJECT_NAME_LENGTH,
  MAX_REASON_LENGTH,
  type ParsedCommand,
  type ParseError,
  type Reason,
  type SubcommandName,
} from './command-grammar.ts';
import { echo, example, fail, ok, orList, unknownSubcommand } from './command-messages.ts';
import { decodeSlackEntities, indexOfAny, isWord, Scanner, type Token, trimSpace } from './command-tokens.ts';
import { parseDuration } from './duration.ts';
import { isEmail, normaliseEmail } from './email.ts';
import { isOrgRole, ORG_ROLES, type OrgRole } from './request.ts';
import { parseRequestId } from './request-id.ts';
import { codePointLength, truncate } from './truncate.ts';
import { isSlackUserId } from './user-id.ts';

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
        ? fail('missing_argument', `\`${slash} role\` needs a role: ${orList(ORG_ROLES)}.`)
        : fail('bad_role', `${echo(stray.text, 'That')} is not a role here: use ${orList(ORG_ROLES)}.`);
    }
    const misplaced = checkReasonDuration(
      s,
      durationMs,
      `Put the duration (\`for 2h\`) right after the role, before the reason, e.g. \`${example('role', slash)}\`.`,
    );
    if (misplaced !== undefined) return misplaced;
    return ok({ name: 'role', role, ...defined({ durationMs, targetUserId }), ...reasonOf(s) });
  },

  // `extend <request id> <duration> [reason…]`: the grant's id and how much longer, then why.
  extend: (s, slash) => {
    const id = takeRequestId(s, 'extend', 'the request id of your key or role', slash);
    if (!id.ok) return id;
    if (s.peek() !== undefined && isWord(s.peek()!, 'for')) s.take(); // `extend R-… for 4h` reads as well
    const token = s.take();
    if (token === undefined) {
      return fail(
        'missing_argument',
        `\`${slash} extend\` needs how much longer after the id, e.g. \`${example('extend', slash)}\`.`,
      );
    }
    const duration = parseDuration(token.text);
    if (!duration.ok) return fail('bad_duration', duration.message);
    return ok({ name: 'extend', requestId: id.requestId, durationMs: duration.ms, ...reasonOf(s) });
  },

  mine: (s, slash) => unexpectedArgument(s, 'mine', slash) ?? ok({ name: 'mine' }),

  cancel: (s, slash) => {
    const id = takeRequestId(s, 'cancel', 'the id of your request', slash);
    if (!id.ok) return id;
    return unexpectedArgument(s, 'cancel', slash) ?? ok({ name: 'cancel', requestId: id.requestId });
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
    if (action === 'remove') return parseRemove(s, slash);
    return unexpectedArgument(s, 'admin', slash) ?? ok({ name: 'admin', action });
  },
};

const REMOVE_EXAMPLE = 'admin remove eve@example.com left the company';

/** `admin remove <@user | email> [reason…]`: exactly one person, picked from Slack or named by their Neon email. */
function parseRemove(s: Scanner, slash: string): ParsedCommand {
  const token = s.peek();
  if (token === undefined) {
    return fail(
      'missing_argument',
      `\`${slash} admin remove\` needs the person: pick them with @ or give their Neon email, e.g. \`${slash} ${REMOVE_EXAMPLE}\`.`,
    );
  }
  if (namesSomeone(token.text) || token.text.startsWith('<!')) {
    const user = takeUser(s, token);
    return user.ok ? ok({ name: 'admin', action: 'remove', targetUserId: user.userId, ...reasonOf(s) }) : user;
  }
  const email = emailOf(token.text);
  if (email === undefined) {
    return fail(
      'bad_email',
      `${echo(token.text, 'That')} is neither a person nor an email: pick them with @ or give their Neon email, e.g. \`${slash} ${REMOVE_EXAMPLE}\`.`,
    );
  }
  s.take();
  return ok({ name: 'admin', action: 'remove', targetEmail: email, ...reasonOf(s) });
}

/** An address as typed, or as Slack links it (`<mailto:a@b.co|a@b.co>`); normalised, or undefined when it is none. */
function emailOf(text: string): string | undefined {
  const linked = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i.exec(text);
  const address = linked ? (linked[1] ?? '') : text;
  return isEmail(address) ? normaliseEmail(address) : undefined;
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

/** A request id, first after `name`; `what` names whose id it must be, for the refusal. */
function takeRequestId(s: Scanner, name: SubcommandName, what: string, slash: string): Taken<{ requestId: string }> {
  const token = s.take();
  if (token === undefined) {
    return fail(
      'missing_argument',
      `\`${slash} ${name}\` needs ${what}, e.g. \`${example(name, slash)}\`; \`${slash} mine\` lists them.`,
    );
  }
  const requestId = parseRequestId(token.text);
  if (requestId === undefined) {
    return fail(
      'bad_request_id',
      `${echo(token.text, 'That')} is not a request id; they look like \`${EXAMPLE_REQUEST_ID}\`, and \`${slash} mine\` lists yours.`,
    );
  }
  return { ok: true, requestId };
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

/** Drops undefined values, so optional fields are absent rather than present-but-undefined. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
