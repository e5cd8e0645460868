import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostServer, type HostServer } from '../../src/server/createHostServer';
import { shopIdentity, signIn, startChat, testConfig, type TestClient } from '../server/helpers';
import { launchBrowser } from './browser';
import { requireBuiltWeb, seeText, signInDesk } from './helpers';

// Issue 10: a desk that holds up on a busy day. The customer sees their place in line; a hidden desk notifies of an
// offer and a message and counts them in the title; the conversation stays still while the agent reads older
// messages; a supervisor joins a chat from an assistance request wherever she is on the desk.

const config = { ...testConfig({ framesPerSecond: 1_000, frameBurst: 1_000 }), limits: { ...testConfig({ framesPerSecond: 1_000, frameBurst: 1_000 }).limits, maxUploadBytes: 5 * 1024 * 1024 } };
let server: HostServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let wsUrl: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  requireBuiltWeb('desk.html');
  server = await startHostServer({ config, port: 0 });
  wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await browser?.close();
  await server?.close();
});

/**
 * A desk whose `Notification` is observed (each one is recorded in `window.__notifications`) and whose visibility the
 * test sets (`window.__hidden`), in a context that granted the notifications permission.
 */
async function openDesk(agentId: string): Promise<Page> {
  const page = await browser.newPerson();
  await page.context().grantPermissions(['notifications'], { origin: server.url });
  await page.addInitScript(() => {
    const w = window as unknown as { __notifications: Array<{ title: string; body?: string }>; __hidden: boolean; Notification: unknown };
    w.__notifications = [];
    w.__hidden = false;
    Object.defineProperty(document, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible') });
    class ObservedNotification {
      static permission = 'granted';
      static requestPermission = () => Promise.resolve('granted');
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        w.__notifications.push({ title, ...(options?.body !== undefined ? { body: options.body } : {}) });
      }
      close() {}
    }
    w.Notification = ObservedNotification;
  });
  await signInDesk(page, server.url, agentId);
  return page;
}

const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    (window as unknown as { __hidden: boolean }).__hidden = h;
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Array<{ title: string; body?: string }> }).__notifications);

describe('a busy day in Chromium', () => {
  it('place in line, notifications, a still conversation, and a supervisor joining from a request', async () => {
    // Two customers wait in Support before anyone works; Eve comes third and sees her place, which moves up.
    const first = await startChat({ wsUrl }, 'First', 'support');
    const second = await startChat({ wsUrl }, 'Second', 'support');
    clients.push(first.client, second.client);
    const eve = await browser.newPerson({ width: 520, height: 800 });
    await eve.goto(`${server.url}/chat`);
    await eve.getByLabel('Your name').fill('Eve');
    await eve.getByLabel('Topic').selectOption('support');
    await eve.getByTestId('start-chat').click();
    await seeText(eve.getByTestId('queue-place'), 'You are number 3 in line');
    first.client.send({ type: 'command', ref: 'bye', command: { type: 'customer.leave' } });
    await seeText(eve.getByTestId('queue-place'), 'You are number 2 in line');
    second.client.send({ type: 'command', ref: 'bye', command: { type: 'customer.leave' } });
    await seeText(eve.getByTestId('queue-place'), 'You are next in line');
    await eve.getByTestId('leave').click();
    await eve.getByRole('button', { name: 'Start a new chat' }).click();

    // Bob signs in with notifications on and the sound setting ticked (it survives a reload), then looks away.
    const bob = await openDesk('bob');
    await bob.getByTestId('sound-setting').check();
    await bob.getByTestId('notifications-setting').check();
    await bob.reload();
    await expect.poll(() => bob.getByTestId('agent-status').getAttribute('data-state')).toBe('ready');
    expect(await bob.getByTestId('sound-setting').isChecked()).toBe(true);
    await setHidden(bob, true);
    // Sam (in the same widget) starts a chat in Sales; Bob, its one agent signed in, gets the offer: a notification
    // and the title say so.
    await eve.getByLabel('Your name').fill('Sam');
    await eve.getByLabel('Topic').selectOption('sales');
    await eve.getByTestId('start-chat').click();
    await expect.poll(async () => (await notifications(bob)).map((n) => n.title)).toContain('New chat: Sam');
    await expect.poll(() => bob.title()).toBe('(1) chatroute desk');
    await setHidden(bob, false);
    await bob.getByTestId('offer-accept').click();
    await bob.getByRole('tab', { name: 'Sam' }).click();
    // The composer has the focus when the chat opens: Bob types at once.
    await expect.poll(() => bob.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('composer-text');
    await bob.getByTestId('chat-queue').waitFor();
    await seeText(bob.getByTestId('chat-queue'), 'Queue 1 · Sales');
    // Two refused files are both reported, not only the last; a paste past the limit is cut, and says so.
    await bob.getByTestId('file-input').setInputFiles([
      { name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') },
      { name: 'page.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') },
    ]);
    await seeText(bob.getByTestId('chat-error'), '2 files were not added');
    await seeText(bob.getByTestId('chat-error'), 'tool.exe');
    await seeText(bob.getByTestId('chat-error'), 'page.svg');
    await bob.getByTestId('composer-text').fill('x'.repeat(10_050));
    await seeText(bob.getByTestId('composer-notice'), 'cut to 10,000 characters');
    expect((await bob.getByTestId('composer-text').inputValue()).length).toBe(10_000);
    await bob.getByTestId('composer-text').fill('');

    // Hidden again, a line from Eve: a notification with its text, and the unread count in the title.
    await setHidden(bob, true);
    await eve.getByTestId('customer-text').fill('Is anyone there?');
    await eve.getByTestId('customer-text').press('Enter');
    await expect.poll(async () => (await notifications(bob)).map((n) => `${n.title}: ${n.body}`)).toContain('Sam (Sales): Is anyone there?');
    await expect.poll(() => bob.title()).toBe('(1) chatroute desk');
    await setHidden(bob, false);
    await expect.poll(() => bob.title()).toBe('chatroute desk');
    await eve.getByTestId('customer-text').pressSequentially('typing');
    await bob.getByTestId('customer-typing').waitFor();

    // Scroll stability: Zoe had a long earlier chat in Support (a verified contact of the site); her new one, in
    // Sales, goes to Bob.
    const alice = await signIn({ wsUrl }, 'alice');
    clients.push(alice);
    const zoeBefore = await startChat({ wsUrl }, 'Zoe', 'support', undefined, shopIdentity('crm-zoe'));
    clients.push(zoeBefore.client);
    await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === zoeBefore.chatId), 10_000);
    await alice.command({ type: 'offer.accept', chatId: zoeBefore.chatId });
    for (let i = 1; i <= 40; i++) await zoeBefore.client.command({ type: 'message.send', text: `Earlier line ${i}` });
    await zoeBefore.client.command({ type: 'customer.leave' });
    await alice.command({ type: 'chat.setStatus', chatId: zoeBefore.chatId, status: 'resolved' });
    await alice.command({ type: 'chat.close', chatId: zoeBefore.chatId });
    await alice.command({ type: 'agent.logout' });

    const zoe = await startChat({ wsUrl }, 'Zoe', 'sales', undefined, shopIdentity('crm-zoe'));
    clients.push(zoe.client);
    await bob.getByTestId('offer-accept').click();
    await bob.getByRole('tab', { name: 'Zoe' }).click();
    for (let i = 1; i <= 30; i++) await zoe.client.command({ type: 'message.send', text: `Now line ${i}` });
    const list = bob.getByTestId('messages');
    await seeText(list, 'Now line 30');
    await bob.getByTestId('load-older').click();
    await seeText(list, 'Earlier line 40');
    // The agent scrolls up to read the earlier chat; lines keep arriving, and the clock ticks: the view stays.
    await list.evaluate((el) => {
      el.scrollTop = 40;
      el.dispatchEvent(new Event('scroll'));
    });
    const reading = await list.evaluate((el) => el.scrollTop);
    for (let i = 31; i <= 33; i++) await zoe.client.command({ type: 'message.send', text: `Now line ${i}` });
    await seeText(list, 'Now line 33');
    await bob.waitForTimeout(1_500);
    expect(await list.evaluate((el) => el.scrollTop)).toBe(reading);
    // More older lines come on top: the line being read stays where it was on screen.
    const anchor = list.getByText('Earlier line 21', { exact: true });
    const top = await anchor.evaluate((el) => el.getBoundingClientRect().top);
    // Clicked in the page, as the agent's mouse does: Playwright's own click would scroll the button into view first.
    await bob.getByTestId('load-older').evaluate((el) => (el as HTMLButtonElement).click());
    await seeText(list, 'Earlier line 1');
    expect(Math.abs((await anchor.evaluate((el) => el.getBoundingClientRect().top)) - top)).toBeLessThan(2);

    // Bob asks for assistance; Carol (a supervisor of Sales) is on her waiting list, sees the request there, and joins.
    await bob.getByTestId('ask-assistance').click();
    const carol = await openDesk('carol');
    // Her dashboard has today's intervals of both her queues, from the host's interval reports.
    await carol.getByTestId('intervals-panel').waitFor();
    await expect.poll(() => carol.getByTestId('queue-day').count()).toBe(2);
    await seeText(carol.getByTestId('intervals-panel'), 'Support');
    await carol.getByTestId('waiting-button').click();
    await carol.getByTestId('assistance-bar').waitFor();
    await seeText(carol.getByTestId('assistance-request'), 'Bob in Sales');
    await carol.getByTestId('assistance-join').click();
    await carol.getByRole('tab', { name: 'Zoe' }).waitFor();
    await seeText(carol.getByTestId('chat-header'), 'with Bob');
    await expect.poll(() => server.engine.getChat(zoe.chatId)?.participants.map((p) => p.agentId)).toContain('carol');
  }, 60_000);
});
