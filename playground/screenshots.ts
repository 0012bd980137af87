/**
 * `npm run screenshots`: plays the key story in the playground with Playwright and the machine's
 * Chromium, and writes the README's pictures to docs/images/: the approval card, the reveal modal
 * and the App Home.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PEOPLE } from '../sandbox/stage.ts';
import { blocksDigest, DIGEST_FILE } from './blocks-digest.ts';
import { findChromium, launchChromium } from './browser.ts';
import { PlaygroundPage } from './page-driver.ts';
import { startPlayground } from './server/playground.ts';

const out = new URL('../docs/images/', import.meta.url).pathname;
/** No key in clear in the README, not even an emulator's: the picture shows it as the demo's transcript does. */
const MASK_KEYS = `(() => {
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode())
    n.textContent = n.textContent.replace(/napi_[a-z0-9]{8,}([a-z0-9]{4})/gi, 'napi_…$1');
})()`;
const chromium = findChromium();
if (!chromium) {
  process.stderr.write('No Chromium found: apt-get install chromium (or set CHROMIUM_PATH).\n');
  process.exit(2);
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'neon-access-bot-screenshots-'));
await chmod(dataDir, 0o755);
const logDestination = new Writable({ write: (_chunk, _enc, done) => done() });
const [playground, browser] = await Promise.all([
  startPlayground({ logDestination, dataDir }),
  launchChromium(chromium),
]);
try {
  await mkdir(out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(15_000);
  const at = new PlaygroundPage(page);
  const shoot = async (name: string) => {
    // The page polls every 0.4 s: let the last answer land before the picture.
    await page.waitForTimeout(800);
    await page.evaluate(MASK_KEYS);
    await page.screenshot({ path: path.join(out, name) });
    process.stdout.write(`docs/images/${name}\n`);
  };
  await at.open(playground.url);

  // A decided request first, so the channel and the Neon panel have a history.
  await at.be(PEOPLE.member.id);
  const invite = await at.ask('invite member joining the data team');
  await at.be(PEOPLE.admin.id);
  await at.go('channel-approvals');
  await at.click('Approve', invite);
  await at.message(/Done: Neon sent an invitation/).waitFor();

  await at.be(PEOPLE.member.id);
  await at.go('channel-general');
  const key = await at.ask('key billing-api for 8h debugging invoices');
  await at.be(PEOPLE.admin.id);
  await at.go('channel-approvals');
  await at.message(key).getByRole('button', { name: 'Approve', exact: true }).waitFor();
  await shoot('approval-card.png');

  await at.click('Approve', key);
  await at.be(PEOPLE.member.id);
  await at.go(`dm-${PEOPLE.member.id}`);
  await at.click('Reveal key', key);
  await at.modal().waitFor();
  await shoot('reveal-modal.png');
  await at.modal().getByRole('button', { name: 'Close' }).click();

  await at.go(`home-${PEOPLE.member.id}`);
  await page.getByTestId('home').getByText(key).first().waitFor();
  await shoot('app-home.png');
  await writeFile(DIGEST_FILE, `${blocksDigest()}\n`);
} finally {
  await browser.close();
  await playground.stop();
  await rm(dataDir, { recursive: true, force: true });
}
