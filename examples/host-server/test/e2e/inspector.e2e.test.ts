import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHostServer, type HostServer } from '../../src/server/createHostServer';
import { demoConfig } from '../../src/server/demoConfig';
import { launchBrowser, screenshot } from './browser';
import { requireBuiltWeb } from './helpers';

// Issue 12: the statechart inspector, offline. Carol (a supervisor) opens it in Chromium; Eve starts a chat over
// the customer WebSocket; Alice is offered it, accepts, Eve leaves, Alice closes it. The chat's chart highlights
// each state as it happens, and the page loads nothing from anywhere but this server.

let server: HostServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  requireBuiltWeb('inspector/index.html');
  server = await startHostServer({ config: demoConfig(), port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A customer over the protocol, as the widget would be: `hello` with the start form, then commands. */
async function customer(url: string, name: string): Promise<{ chatId: string; leave: () => void; close: () => void }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const welcome = new Promise<string>((resolve, reject) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; session?: { chatId?: string }; message?: string };
      if (frame.type === 'welcome' && frame.session?.chatId !== undefined) resolve(frame.session.chatId);
      if (frame.type === 'error') reject(new Error(frame.message));
    });
  });
  ws.send(JSON.stringify({ type: 'hello', version: 1, auth: { role: 'customer', start: { queueId: 'sales', name } } }));
  const chatId = await welcome;
  return {
    chatId,
    leave: () => ws.send(JSON.stringify({ type: 'command', ref: 'leave', command: { type: 'customer.leave' } })),
    close: () => ws.close(),
  };
}

/** The innermost highlighted state of the chart on screen. */
async function highlighted(page: Page): Promise<string[]> {
  return page.locator('svg.chart [data-active="true"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state-id') ?? ''));
}

describe('the statechart inspector', () => {
  it('follows a chat from queued to closed on the chart', async () => {
    const url = server!.url;
    const engine = server!.engine;
    const page = await browser.newPerson({ width: 1400, height: 900 });
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !request.url().startsWith('data:')) foreign.push(request.url());
    });

    await page.goto(`${url}/inspector`);
    // Not started with INSPECTOR=1: the page asks for a supervisor's sign-in.
    await page.getByLabel('User').fill('carol');
    await page.getByLabel('Password').fill('carol-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('svg.chart[data-machine="chat"] [data-state-id]').count()).toBeGreaterThan(5);

    const eve = await customer(url, 'Eve');
    const chat = page.locator(`.actor-list[data-kind="chat"] [data-actor-id="${eve.chatId}"]`);
    await chat.click();
    await expect.poll(() => highlighted(page)).toEqual(['chat', 'chat.queued']);
    await expect.poll(() => page.locator('.actor-group[data-state="queued"]').textContent()).toContain('Eve');

    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    await expect.poll(() => highlighted(page)).toEqual(['chat', 'chat.offered']);
    await expect.poll(() => page.locator('.events').textContent()).toContain('offer.created');
    // The transition it took is marked on the chart.
    await expect.poll(() => page.locator('.edge[data-last="true"]').getAttribute('data-target')).toBe('chat.offered');

    engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: eve.chatId });
    await expect.poll(() => highlighted(page)).toEqual(['chat', 'chat.active']);
    await expect.poll(() => page.locator('.context').textContent()).toContain('"owner": "alice"');

    eve.leave();
    await expect.poll(() => highlighted(page)).toEqual(['chat', 'chat.closing']);
    engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: eve.chatId, status: 'sold' });
    engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: eve.chatId });
    await expect.poll(() => highlighted(page)).toEqual(['chat', 'chat.closed']);
    await expect.poll(() => page.locator('.edge[data-last="true"]').getAttribute('data-source')).toBe('chat.closing');
    await screenshot(page, 'inspector');

    // The agent machine: Alice, online and ready again.
    await page.locator('.actor-list[data-kind="agent"] [data-actor-id="alice"]').click();
    await expect.poll(() => page.locator('svg.chart').getAttribute('data-machine')).toBe('agent');
    await expect.poll(() => highlighted(page)).toEqual(['agent', 'agent.online', 'agent.online.ready']);

    expect(foreign).toEqual([]);
    eve.close();
  }, 60_000);
});
