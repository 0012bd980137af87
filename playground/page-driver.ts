import type { Locator, Page } from 'playwright-core';

const REQUEST_ID = /R-[2-9A-HJKMNP-Z]{8}/;

/** A person at the playground page, clicking what Slack would show them (Playwright locators, no internals). */
export class PlaygroundPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('composer').waitFor();
  }

  /** The "you are" switcher. */
  async be(userId: string): Promise<void> {
    await this.page.getByTestId('you-are').selectOption(userId);
  }

  /** A sidebar entry: `channel-approvals`, `dm-UMEMBER01`, `home-UADMIN001`. */
  async go(testId: string): Promise<void> {
    await this.page.getByTestId(testId).click();
  }

  /** Types the bot's command with `text` in the open conversation. */
  async type(text: string): Promise<void> {
    await this.page.getByTestId('composer').fill(text);
    await this.page.getByTestId('composer').press('Enter');
  }

  /** Types `text` and waits for the bot's new reply (only you see it); its request id, when it names one. */
  async ask(text: string): Promise<string> {
    const replies = this.page.getByTestId('conversation').locator('article.message.ephemeral');
    const before = await replies.count();
    await this.type(text);
    const reply = replies.nth(before);
    await reply.waitFor();
    return REQUEST_ID.exec((await reply.textContent()) ?? '')?.[0] ?? '';
  }

  /** The newest message (or ephemeral reply) in the open conversation that shows `text`. */
  message(text: string | RegExp): Locator {
    return this.page.getByTestId('conversation').locator('article.message', { hasText: text }).last();
  }

  /** The request id in the newest message that says `text`. */
  async requestIdIn(text: string | RegExp): Promise<string> {
    const message = this.message(text);
    await message.waitFor();
    const id = REQUEST_ID.exec((await message.textContent()) ?? '')?.[0];
    if (!id) throw new Error(`no request id in the message saying ${String(text)}`);
    return id;
  }

  async click(button: string, inMessage: string | RegExp): Promise<void> {
    await this.message(inMessage).getByRole('button', { name: button, exact: true }).click();
  }

  modal(): Locator {
    return this.page.getByRole('dialog');
  }

  neon(): Locator {
    return this.page.getByTestId('neon-panel');
  }
}
