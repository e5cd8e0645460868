import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Fails with what to run when the web app a test opens (`desk.html`, `inspector/index.html`, ...) is not built. */
export function requireBuiltWeb(page: string): void {
  if (!existsSync(fileURLToPath(new URL(`../../dist/web/${page}`, import.meta.url)))) {
    throw new Error('the web app is not built: run `npm run build -w examples/host-server` (npm test does)');
  }
}

/** Waits until the locator's text contains `text` (UI state, never a fixed sleep). */
export async function seeText(locator: Locator, text: string, timeout = 10_000): Promise<void> {
  await expect.poll(async () => (await locator.allTextContents()).join('\n'), { timeout }).toContain(text);
}

/** Opens the desk at `baseUrl` and signs `agentId` in with the demo password, waiting until the desk shows them ready. */
export async function signInDesk(page: Page, baseUrl: string, agentId: string): Promise<void> {
  await page.goto(`${baseUrl}/desk`);
  await page.getByLabel('Agent').fill(agentId);
  await page.getByLabel('Password').fill(`${agentId}-demo`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('agent-status').getAttribute('data-state')).toBe('ready');
}
