import { eventually } from '../sandbox/eventually.ts';
import type { SlackDriver } from '../sandbox/slack-driver.ts';
import type { StandIns } from '../sandbox/stage.ts';
import { KEY_ACTION, KEY_BLOCK } from '../src/slack/blocks/admin-connect-modal.ts';

/**
 * Approvals one approver offers per second: each costs 3 Neon calls with their key (members,
 * invitations, POST), 7.5/s = 450/min, inside the bot's own limit of ~650/min per key.
 */
export const APPROVALS_PER_APPROVER_PER_SECOND = 2.5;

let made = 0;

/**
 * `n` approvers as in real use: each a Slack user, an admin in the emulator's org with a Neon
 * account of their own. Their ids go in APPROVER_SLACK_IDS before the bot starts; then `connect`.
 */
export function newApprovers(s: StandIns, n: number): { ids: string[]; keys: Map<string, string> } {
  const keys = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const id = `UAPPR${String(++made).padStart(4, '0')}`;
    const email = `approver${made}@example.com`;
    s.slack.addUser({ id, name: `approver${made}`, realName: `Approver ${made}`, email });
    const user = s.neon.addUser({ email, name: `Approver ${made}` });
    s.neon.addMember(user.id, 'admin');
    keys.set(id, user.personalKey);
  }
  return { ids: [...keys.keys()], keys };
}

/** Each approver connects their own key, as they would: `/neon admin connect`, paste, submit. */
export async function connectApprovers(s: StandIns, driver: SlackDriver, keys: Map<string, string>): Promise<void> {
  for (const [id, key] of keys) {
    const opened = s.slack.views(id).length;
    const res = await driver.command(id, 'admin connect');
    if (res.status !== 200) throw new Error(`admin connect answered ${res.status}`);
    const view = await eventually(() => s.slack.views(id)[opened], 10_000, `${id}'s connect modal`);
    const submitted = await driver.viewSubmission(id, view, {
      [KEY_BLOCK]: { [KEY_ACTION]: { type: 'plain_text_input', value: key } },
    });
    const body = submitted.body as { response_action?: string; errors?: unknown } | undefined;
    if (submitted.status !== 200 || body?.errors) throw new Error(`connecting ${id}'s key: ${JSON.stringify(body)}`);
  }
}
