/** Slack's request signature (v0): HMAC-SHA256 over `v0:<timestamp>:<raw body>`. */
import { createHmac } from 'node:crypto';

export function slackSignature(signingSecret: string, timestampSec: number | string, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}
