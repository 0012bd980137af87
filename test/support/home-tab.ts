import { expect } from 'vitest';
import { eventually } from '../../sandbox/eventually.ts';
import { type FakeView, type Json, visibleText } from '../../sandbox/slack/index.ts';
import type { Harness } from './bot-harness.ts';

/**
 * What a person does and sees on the bot's Home tab in an end-to-end test: open it, read it, click
 * its buttons (as Slack sends a Home click: no response_url) and read the answer opened over it.
 * `JOB_MS`: how long anything that goes through a job may take.
 */
export function homeTab(h: Harness, JOB_MS: number) {
  const publishesTo = (userId: string) => h.slack.calls('views.publish').filter((c) => c.args.user_id === userId);
  const homeOf = (userId: string): FakeView | undefined => h.slack.homeView(userId);
  const homeText = (userId: string) => visibleText({ blocks: homeOf(userId)?.blocks ?? [] });

  /** The person opens the bot's Home tab; resolves with what it shows once the bot published it. */
  async function openHome(userId: string): Promise<string> {
    const before = publishesTo(userId).length;
    const res = await h.driver.event({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' });
    expect(res.status).toBe(200);
    await eventually(() => publishesTo(userId).length > before, JOB_MS, `the Home of ${userId} to be published`);
    return homeText(userId);
  }

  /** The Home's text once `check` holds for it: after a change, a job re-publishes it. */
  function homeWhen(userId: string, check: (text: string) => boolean, what: string): Promise<string> {
    return eventually(
      () => (check(homeText(userId)) ? homeText(userId) : undefined),
      JOB_MS,
      `the Home of ${userId} to show ${what}`,
    );
  }

  /** A button on the Home as it is now, found by its action and the request or key it is for. */
  function homeButton(userId: string, actionId: string, value: string): { blockId: string; element: Json } | undefined {
    for (const block of homeOf(userId)?.blocks ?? []) {
      const elements = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])] as (
        | Json
        | undefined
      )[];
      const element = elements.find((e) => e?.action_id === actionId && e.value === value);
      if (element) return { blockId: String(block.block_id), element };
    }
    return undefined;
  }

  /** Clicks a button the Home shows now (as Slack sends it: no response_url). */
  async function clickOnHome(userId: string, actionId: string, value: string): Promise<void> {
    const button = homeButton(userId, actionId, value);
    if (!button) throw new Error(`the Home of ${userId} shows no ${actionId} button for ${value}`);
    const res = await h.driver.blockAction(userId, {
      actionId,
      blockId: button.blockId,
      value,
      view: { id: homeOf(userId)!.id },
    });
    expect(res.status).toBe(200);
  }

  /** Sends a click on a Home button that is not (or no longer) shown: a stale Home, or a crafted payload. */
  async function staleClickOnHome(userId: string, actionId: string, blockId: string, value: string): Promise<void> {
    const res = await h.driver.blockAction(userId, { actionId, blockId, value, view: { id: homeOf(userId)!.id } });
    expect(res.status).toBe(200);
  }

  const answerShown = (userId: string) => h.slack.views(userId).find((v) => v.callback_id === 'click_answer');

  /** Sends a click and reads the answer it opened over the Home (each answer is a new modal). */
  async function answerTo(userId: string, click: () => Promise<void>): Promise<string> {
    const before = answerShown(userId)?.id;
    await click();
    return eventually(
      () => {
        const shown = answerShown(userId);
        return shown && shown.id !== before ? visibleText({ blocks: shown.blocks }) : undefined;
      },
      JOB_MS,
      `an answer to ${userId}'s click`,
    );
  }

  return {
    publishesTo,
    homeOf,
    homeText,
    openHome,
    homeWhen,
    homeButton,
    clickOnHome,
    staleClickOnHome,
    answerTo,
  };
}
