import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The machine's Chromium (Debian's `chromium`); Playwright never downloads a browser here. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | undefined {
  return CANDIDATES.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** Headless, offline and quiet: no first-run, sync, update or background traffic. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
