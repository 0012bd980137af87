import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { parseCommand } from '../domain/command.ts';
import { parseRequestId } from '../domain/request-id.ts';
import { aboutRequest } from '../log/request-scope.ts';

interface Carriers {
  /** A slash command's text (`/neon cancel R-…`). */
  command?: unknown;
  text?: unknown;
  /** A button whose value is a request id (Approve, Deny, Retry, Reveal key). */
  actions?: { value?: unknown }[];
  /** A modal about one request (the Deny reason). */
  view?: { private_metadata?: unknown };
}

/** An id written in full, prefix included: a project id or another value that happens to fit is not one. */
function wholeId(value: unknown): string | undefined {
  return typeof value === 'string' && /^\s*R-/i.test(value) ? parseRequestId(value) : undefined;
}

/** The request a Slack payload is about, when it names one. */
export function requestIdOf(body: unknown): string | undefined {
  const b = body as Carriers;
  if (typeof b.command === 'string') {
    // The grammar decides: an id mentioned in a reason is not what the command is about.
    const parsed = typeof b.text === 'string' ? parseCommand(b.text, b.command) : undefined;
    return parsed?.ok && parsed.command.name === 'cancel' ? parsed.command.requestId : undefined;
  }
  return wholeId(b.actions?.[0]?.value) ?? wholeId(b.view?.private_metadata);
}

/** Global middleware: the listeners for a payload about a request run in that request's log scope. */
export const requestScope: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  const requestId = requestIdOf(body);
  await (requestId ? aboutRequest(requestId, next) : next());
};
