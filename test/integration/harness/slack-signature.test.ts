import { describe, expect, it } from 'vitest';
import { slackSignature } from '../../../sandbox/slack-signature.ts';

describe('slackSignature', () => {
  it("reproduces the example in Slack's 'Verifying requests from Slack' guide", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('changes with the secret, the timestamp and the body', () => {
    const base = slackSignature('secret', 1, 'a=b');
    expect(slackSignature('other', 1, 'a=b')).not.toBe(base);
    expect(slackSignature('secret', 2, 'a=b')).not.toBe(base);
    expect(slackSignature('secret', 1, 'a=c')).not.toBe(base);
  });
});
