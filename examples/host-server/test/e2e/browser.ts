import { accessSync, constants, existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Flags this suite needs on any machine: headless, no sandbox (CI runs as root, in containers), no GPU, and nothing
 * that phones home, so a machine without Internet access runs the suite like any other. Playwright adds
 * `--headless` and gives every launch a fresh, empty profile (`--user-data-dir` in a new temporary folder; it refuses
 * that flag in `args`).
 */
const baseArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Of @sparticuz/chromium's recommended flags (tuned for AWS Lambda) we leave out those that relax the web platform
 * (same-origin policy, site isolation, mixed content, SharedArrayBuffer without isolation): the host's pages should
 * meet the browser a customer has. `--single-process` is a Lambda workaround that would put every person's pages in
 * one process. Playwright sets headless mode itself.
 */
const unwantedArgs = /^--(single-process|disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|disable-features=|enable-features=SharedArrayBuffer|headless)/;

export interface ChromiumChoice {
  executablePath: string;
  args: string[];
  /** Where it came from, for error messages. */
  source: 'CHROMIUM_PATH' | '@sparticuz/chromium' | 'PATH';
}

/**
 * The browser for the end-to-end test and `npm run screenshots`, first found of: `CHROMIUM_PATH`; the Chromium that
 * `npm install` brought (@sparticuz/chromium, a headless shell for Linux x64, unpacked to the temporary folder on first
 * use, and reused from there); a `chromium`, `chromium-browser` or `google-chrome` on `PATH`. Playwright never downloads a browser here.
 */
export async function findChromium(): Promise<ChromiumChoice> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set, but nothing is at ${fromEnv}`);
    return { executablePath: fromEnv, args: baseArgs, source: 'CHROMIUM_PATH' };
  }
  if (process.platform === 'linux' && process.arch === 'x64') {
    const packaged = await import('@sparticuz/chromium').then(
      (m) => m.default,
      (error: unknown) => {
        if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined; // installed without devDependencies
        throw error;
      },
    );
    if (packaged) {
      packaged.setGraphicsMode = false; // no WebGL in these pages; with --disable-gpu, no SwiftShader either
      const recommended = packaged.args.filter((arg) => !unwantedArgs.test(arg));
      return { executablePath: await packaged.executablePath(), args: [...new Set([...recommended, ...baseArgs])], source: '@sparticuz/chromium' };
    }
  }
  const onPath = findOnPath(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']);
  if (onPath) return { executablePath: onPath, args: baseArgs, source: 'PATH' };
  throw new Error(
    'No Chromium: `npm install` brings one (@sparticuz/chromium, Linux x64); elsewhere put chromium or google-chrome on PATH, or set CHROMIUM_PATH',
  );
}

function findOnPath(names: string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/**
 * Headless Chromium (see findChromium). Each person gets a context of their own: separate storage, and a window of
 * their own, so no page is a background tab whose animation frames (and so clicks) are throttled.
 */
export async function launchBrowser(): Promise<{ newPerson: (viewport?: { width: number; height: number }) => Promise<Page>; close: () => Promise<void> }> {
  const { executablePath, args, source } = await findChromium();
  const browser: Browser = await chromium.launch({ executablePath, headless: true, args }).catch((error: unknown) => {
    throw new Error(`Chromium from ${source} (${executablePath}) did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
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
