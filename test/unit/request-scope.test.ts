import { describe, expect, it } from 'vitest';
import { requestIdOf } from '../../src/slack/request-scope.ts';

describe('the request a Slack payload is about', () => {
  it.each([
    ['/neon cancel, any case', { command: '/neon', text: 'cancel r-7kq2m9xd' }, 'R-7KQ2M9XD'],
    [
      'an id in a reason is not what an ask is about',
      { command: '/neon', text: 'invite member like R-7KQ2M9XD' },
      undefined,
    ],
    ['a card button', { type: 'block_actions', actions: [{ value: 'R-7KQ2M9XD' }] }, 'R-7KQ2M9XD'],
    ['a project picked in a form', { type: 'block_actions', actions: [{ value: 'abcdefgh' }] }, undefined],
    ['the Deny modal', { type: 'view_submission', view: { private_metadata: 'R-7KQ2M9XD' } }, 'R-7KQ2M9XD'],
    [
      'a modal with other metadata',
      { type: 'view_submission', view: { private_metadata: '{"project":"R-7KQ2M9XD"}' } },
      undefined,
    ],
  ])('%s', (_what, body, expected) => {
    expect(requestIdOf(body)).toBe(expected);
  });
});
