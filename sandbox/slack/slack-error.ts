/** An `ok: false` answer; thrown from method handlers so helpers can bail out from any depth. */
export class SlackApiError extends Error {
  readonly code: string;
  /** Block Kit problems behind an `invalid_blocks`-like code; recorded as violations. */
  readonly problems: string[];

  constructor(code: string, problems: string[] = []) {
    super(code);
    this.code = code;
    this.problems = problems;
  }
}

export function fail(code: string, problems?: string[]): never {
  throw new SlackApiError(code, problems);
}
