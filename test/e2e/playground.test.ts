import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../playground/browser.ts';
import { PlaygroundPage } from '../../playground/page-driver.ts';
import { type Playground, startPlayground } from '../../playground/server/playground.ts';
import { CHANNELS, PEOPLE } from '../../sandbox/stage.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const chromium = findChromium();
/** The page polls the stand-ins every 0.4 s; the bot's work behind a click takes a few seconds at most. */
const poll = <T>(read: () => Promise<T>, timeout = 15_000) => expect.poll(read, { timeout });
if (!chromium) {
  console.warn('playground browser tests skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
}

/** A person at the page, in a real Chromium, playing the demo's stories by clicking. */
// Each story is a dozen clicks, each waiting on the bot: room for a busy CI machine.
describe.skipIf(!chromium)('the playground, in a real browser', { timeout: 90_000 }, () => {
  let db: TestDatabase;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let at: PlaygroundPage;

  beforeAll(async () => {
    db = await createTestDatabase();
    const logDestination = new Writable({ write: (_chunk, _enc, done) => done() });
    [playground, browser] = await Promise.all([
      startPlayground({ logDestination, databaseUrl: db.url }),
      launchChromium(chromium!),
    ]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(15_000);
    at = new PlaygroundPage(page);
    await at.open(playground.url);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await page.screenshot({ path: `/tmp/fail-${ctx.task.name.slice(0, 10)}.png` });
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await db?.drop();
  });

  it('a member asks for an invitation, an approver approves on the card, which updates in place; Neon has the invitation', async () => {
    await at.be(PEOPLE.member.id);
    await at.go('channel-general');
    const id = await at.ask('/neon invite member joining the data team');
    await poll(() => at.message(id).textContent()).toContain('Only visible to you');

    await at.be(PEOPLE.admin.id);
    await at.go('channel-approvals');
    const card = at.message(id);
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await poll(() => card.textContent()).toContain('Done: Neon sent an invitation to mia@example.com');
    expect(await card.textContent()).toContain('(edited)');
    // One card, changed in place: the fake Slack holds one message for the request, with its edits.
    const cards = playground.stage.slack.messages(CHANNELS.approvals).filter((m) => JSON.stringify(m).includes(id));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.history.length).toBeGreaterThan(1);

    await poll(() => at.neon().getByTestId('neon-invitations').textContent()).toContain('mia@example.com');
    const calls = at.neon().getByTestId('neon-calls');
    await poll(() => calls.textContent()).toMatch(
      /POST \/organizations\/[\w-]+\/invitations → 200with ada@example\.com's personal key/,
    );
  });

  it('a member asks for a project key in the form, an approver approves, the key is revealed once in a modal and a second reveal is refused', async () => {
    await at.be(PEOPLE.member.id);
    await at.go('channel-general');
    await at.type('key');
    const form = at.modal();
    await poll(() => form.getAttribute('data-callback-id')).toBe('key_request');
    // The project picker asks the bot (block_suggestion) as you type.
    await form.getByTestId('external-select').fill('billing-a');
    await form.getByRole('button', { name: /^billing-api/ }).click();
    await form.locator('textarea').last().fill('debugging invoices');
    await form.getByRole('button', { name: 'Ask', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    // The form's answer comes by DM.
    await at.go(`dm-${PEOPLE.member.id}`);
    const id = await at.requestIdIn('created: a project API key');

    await at.be(PEOPLE.admin.id);
    await at.go('channel-approvals');
    await at.click('Approve', id);
    await poll(() => at.message(id).textContent()).toContain('Done');

    await at.be(PEOPLE.member.id);
    await at.go(`dm-${PEOPLE.member.id}`);
    await at.click('Reveal key', id);
    const reveal = at.modal();
    await poll(() => reveal.getAttribute('data-callback-id')).toBe('key_reveal');
    const keyId = playground.stage.neon.apiKeys().find((k) => k.name === `neon-access-bot ${id}`)!;
    expect(await reveal.textContent()).toContain(keyId.token);
    await poll(() => at.neon().getByTestId('neon-keys').textContent()).toContain(`neon-access-bot ${id}`);
    await reveal.getByRole('button', { name: 'Close' }).click();
    await reveal.waitFor({ state: 'detached' });

    await at.click('Reveal key', id);
    await poll(() => at.message('already shown').textContent()).toContain('cannot be shown again');
    await poll(() => at.message('already shown').textContent()).toContain('Only visible to you');
    expect(await at.modal().count()).toBe(0);
  });

  it('an approver connects their own Neon key from the page; what they approve then runs with it; Skip ahead brings the warning, then the end', async () => {
    await at.be(PEOPLE.admin2.id);
    await at.go('channel-general');
    await at.neon().getByRole('button', { name: "Show bob's key" }).click();
    const key = (await at.neon().getByTestId('personal-key-bob').textContent())!;
    expect(key).toMatch(/^napi_\w{20,}$/);
    await at.neon().getByRole('button', { name: "Show ada's key" }).click();
    const adas = (await at.neon().getByTestId('personal-key-ada').textContent())!;
    await at.type('admin connect');
    const form = at.modal();
    await poll(() => form.getAttribute('data-callback-id')).toBe('admin_connect');
    // Ada's key is refused for Bob (Neon says it is hers), in the form, under the field.
    await form.locator('textarea, input').first().fill(adas);
    await form.getByRole('button', { name: 'Check and save' }).click();
    await poll(() => form.getByTestId('field-error').textContent()).toMatch(/\w/);
    await form.locator('textarea, input').first().fill(key);
    await form.getByRole('button', { name: 'Check and save' }).click();
    await poll(() => form.textContent()).toContain('is saved');
    await form.getByRole('button', { name: 'Close' }).click();

    await at.be(PEOPLE.teammate.id);
    const id = await at.ask('role admin for 2h on call tonight');
    await at.be(PEOPLE.admin2.id);
    await at.go('channel-approvals');
    await at.click('Approve', id);
    await poll(() => at.message(id).textContent()).toContain('then back to');
    await poll(() => at.neon().getByTestId('neon-calls').textContent()).toMatch(
      /PATCH \/organizations\/[\w-]+\/members\/[\w-]+ → 200with bob@example\.com's personal key/,
    );

    // Time passes through the job schedule, one step at a time: first the warning an hour before
    // the end, with its Extend… button, then the end itself, when the role goes back.
    const skip = page.getByRole('button', { name: /Skip ahead/ });
    /** Skip ahead until `job` is the next timed work (earlier tests left some of their own), then run it. */
    const skipThrough = async (job: string) => {
      for (let steps = 0; !(await skip.textContent())?.includes(job); steps++) {
        expect(steps, `${job} never came up next`).toBeLessThan(8);
        const before = await skip.textContent();
        await skip.click();
        await poll(() => skip.textContent()).not.toBe(before);
      }
      await skip.click();
    };
    await skipThrough(`warn-grant ${id}`);
    await at.be(PEOPLE.teammate.id);
    await at.go(`dm-${PEOPLE.teammate.id}`);
    const warning = at.message(/Your grant ends in about 1h/);
    await warning.getByRole('button', { name: 'Extend…' }).waitFor();
    await skipThrough(`end-grant ${id}`);
    await at.be(PEOPLE.admin2.id);
    await at.go('channel-approvals');
    await poll(() => at.message(id).textContent(), 20_000).toMatch(/Ended: @Tom's role is back to member/);
  });

  it('an approver denies with a reason typed in the form; a requester withdraws a request from their Home, through its confirm dialog', async () => {
    await at.be(PEOPLE.teammate.id);
    await at.go('channel-general');
    const denied = await at.ask('role admin for 1h I want to see everything');
    await at.be(PEOPLE.admin2.id);
    await at.go('channel-approvals');
    await at.click('Deny', denied);
    const form = at.modal();
    await poll(() => form.getAttribute('data-callback-id')).toBe('deny_reason');
    await form.locator('textarea').first().fill('member is enough');
    await form.getByRole('button', { name: 'Deny', exact: true }).click();
    await poll(() => at.message(denied).textContent()).toContain('Denied by @Bob');
    await poll(() => at.message(denied).textContent()).toContain('member is enough');

    await at.be(PEOPLE.teammate.id);
    await at.go('channel-general');
    const withdrawn = await at.ask('role admin for 2h on-call this evening');
    await at.go(`home-${PEOPLE.teammate.id}`);
    const home = page.getByTestId('home');
    await home.locator('.blocks', { hasText: withdrawn }).getByRole('button', { name: 'Cancel request' }).click();
    await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await at.go('channel-approvals');
    await poll(() => at.message(withdrawn).textContent()).toContain('Cancelled by the requester');
  });
});
