// What a parse says back. Messages are mrkdwn-ready and never contain `&`, `<` or `>`: user text is
// echoed only when it is made of harmless characters (see `echo`), so a message cannot carry a mention.

import {
  type Command,
  type ParsedCommand,
  type ParseError,
  type ParseErrorCode,
  SUBCOMMANDS,
  type SubcommandName,
} from './command-grammar.ts';
import { editDistance } from './edit-distance.ts';

export const ECHOABLE = /^[\p{L}\p{N}_.:+-]{1,40}$/u;

/** User text is quoted back only when it cannot break out of the code span or form a mention. */
export function echo(text: string, fallback: string): string {
  return ECHOABLE.test(text) ? `\`${text}\`` : fallback;
}

export function example(name: SubcommandName, slash: string): string {
  return `${slash} ${SUBCOMMANDS.find((c) => c.name === name)?.example ?? name}`;
}

export function orList(words: readonly string[]): string {
  const quoted = words.map((w) => `\`${w}\``);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

export function unknownSubcommand(word: string, slash: string): ParseError {
  const guess = closestSubcommand(word.toLowerCase());
  const hint = guess === undefined ? '' : ` Did you mean \`${slash} ${guess}\`?`;
  const what = ECHOABLE.test(word) ? `\`${slash} ${word}\`` : 'That';
  return fail('unknown_subcommand', `${what} is not a command.${hint} \`${slash} help\` lists them all.`);
}

export function closestSubcommand(word: string): SubcommandName | undefined {
  let best: { name: SubcommandName; distance: number } | undefined;
  for (const { name } of SUBCOMMANDS) {
    const distance = word.length >= 2 && name.startsWith(word) ? 0 : editDistance(word, name);
    if (distance <= (word.length <= 4 ? 1 : 2) && (best === undefined || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

export function ok(command: Command): ParsedCommand {
  return { ok: true, command };
}

export function fail(code: ParseErrorCode, message: string): ParseError {
  return { ok: false, code, message };
}
