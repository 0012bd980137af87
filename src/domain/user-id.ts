/** A Slack user id: `U…`, or `W…` for Enterprise Grid users. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function isSlackUserId(value: string): boolean {
  return SLACK_USER_ID.test(value);
}
