/**
 * A failure the operator fixes, not a crash: Slack refusing a token, ./data held by another
 * server. Its message is the whole line they see (no prefix, no stack), and the exit code is 2,
 * as for a bad configuration.
 */
export class OperatorError extends Error {
  override readonly name = 'OperatorError';
}
