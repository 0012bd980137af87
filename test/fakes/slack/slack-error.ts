/** An `ok: false` answer; thrown from method handlers so helpers can bail out from any depth. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    /** Block Kit problems behind an `invalid_blocks`-like code; recorded as violations. */
    readonly problems: string[] = [],
  ) {
    super(code);
  }
}

export function fail(code: string, problems?: string[]): never {
  throw new SlackApiError(code, problems);
}
