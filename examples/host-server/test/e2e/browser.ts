import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); Playwright never downloads a browser of its own here. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Debian Chromium with the flags that need no network: nothing phones home, so a machine without
 * Internet access runs the suite like any other. Playwright gives every launch a fresh, empty profile
 * (--user-data-dir in a new temporary folder). Each person gets a context of their own: separate storage, and a
 * window of their own, so no page is a background tab whose animation frames (and so clicks) are throttled.
 */
export async function launchBrowser(): Promise<{ newPerson: (viewport?: { width: number; height: number }) => Promise<Page>; close: () => Promise<void> }> {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: run \`apt-get install -y chromium\` (as .ci/run does) or set CHROMIUM_PATH`);
  }
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    async newPerson(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      // Fail at the step that waits in vain, well before the test's own timeout.
      context.setDefaultTimeout(10_000);
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Saves a screenshot under test-results/ (ignored by git); with UPDATE_SCREENSHOTS=1 (`npm run screenshots`) it
 * also replaces the copy in screenshots/ that the README shows.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(packageDir, 'test-results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(join(packageDir, 'screenshots'), { recursive: true });
    await copyFile(file, join(packageDir, 'screenshots', `${name}.png`));
  }
}
