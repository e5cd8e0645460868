import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withQueueSettings } from '../../src/server/config';
import { startHostServer, type HostServer } from '../../src/server/createHostServer';
import { demoConfig } from '../../src/server/demoConfig';
import { launchBrowser, screenshot } from './browser';
import { requireBuiltWeb, seeText, signInDesk } from './helpers';
import { makePng } from './png';
import { startChat } from '../server/helpers';

// The whole agent manual in one story: two agents (Alice, Bob) and a customer (Eve), each in their own tab.
// Support's offers expire after 4 s here (not the demo's 20 s), so the missed offer happens within the test.
const config = withQueueSettings(demoConfig(), { support: { offerTimeoutMs: 4_000 } });
const label = makePng(160, 90, [36, 84, 214], [31, 157, 85]);
const photo = makePng(120, 90, [217, 45, 32], [255, 200, 60]);

let server: HostServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let dataDir: string;

beforeAll(async () => {
  requireBuiltWeb('desk.html');
  dataDir = await mkdtemp(join(tmpdir(), 'chatroute-e2e-'));
  server = await startHostServer({ config, port: 0, dataDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function openDesk(agentId: string): Promise<Page> {
  const page = await browser.newPerson();
  await signInDesk(page, server.url, agentId);
  return page;
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name });
const messages = (page: Page) => page.getByTestId('messages');

describe('agent desk and customer widget in Chromium', () => {
  it('carries a chat through the whole manual', async () => {
    const alice = await openDesk('alice');
    const bob = await openDesk('bob');

    // The customer starts a chat in Sales.
    const eve = await browser.newPerson({ width: 520, height: 800 });
    await eve.goto(`${server.url}/chat`);
    await eve.getByLabel('Your name').fill('Eve');
    await eve.getByLabel('Email').fill('eve@example.com');
    await eve.getByLabel('Topic').selectOption('sales');
    await eve.getByTestId('start-chat').click();
    await seeText(eve.getByTestId('chat-status'), 'Waiting for an agent of Sales');

    // Offer: the dark box with the customer (a CRM link), the queue, both times ticking, Accept/Reject, the admin URL.
    const offer = alice.getByTestId('offer');
    await offer.waitFor();
    expect(await offer.getByTestId('offer-customer').textContent()).toBe('Eve');
    expect(await offer.getByTestId('offer-customer').getAttribute('href')).toContain('https://crm.example.com/contacts?email=eve%40example.com');
    expect(await offer.getByTestId('offer-queue').textContent()).toBe('Sales');
    expect(await offer.getByTestId('offer-admin-url').getAttribute('href')).toBe('https://crm.example.com/search?q=eve%40example.com');
    expect(await offer.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(17, 17, 17)');
    const since = await offer.getByTestId('offer-time-since').textContent();
    await expect.poll(() => offer.getByTestId('offer-time-since').textContent(), { timeout: 5_000 }).not.toBe(since);
    expect(await offer.getByTestId('offer-time-in-queue').textContent()).toMatch(/^0:0\d$/);
    expect(await bob.getByTestId('offer').count()).toBe(0);
    await screenshot(alice, 'desk-offer');
    await offer.getByTestId('offer-accept').click();
    await tab(alice, 'Eve').waitFor();
    await seeText(eve.getByTestId('chat-status'), 'You are chatting with Alice');
    await seeText(messages(eve), 'Alice joined the chat');

    // A message while Alice looks at the dashboard: her tab flashes. Opening it stops that; clicking again goes back.
    await eve.getByTestId('customer-text').fill('Hello, my order has not arrived');
    await eve.getByTestId('customer-text').press('Enter');
    await expect.poll(() => tab(alice, 'Eve').getAttribute('data-flashing')).toBe('true');
    await tab(alice, 'Eve').click();
    await seeText(messages(alice), 'Hello, my order has not arrived');
    await expect.poll(() => tab(alice, 'Eve').getAttribute('data-flashing')).toBe('false');
    await tab(alice, 'Eve').click();
    await alice.getByTestId('dashboard').waitFor();
    await tab(alice, 'Eve').click();
    await alice.getByTestId('chat-widget').waitFor();
    await seeText(alice.getByTestId('chat-header'), 'Sales');
    expect(await alice.getByTestId('load-older').count()).toBe(0); // Eve has no earlier chats

    // Enter sends; Shift+Enter starts a new line.
    const field = alice.getByTestId('composer-text');
    await field.fill('Hi Eve');
    await field.press('Shift+Enter');
    await field.pressSequentially('Let me check.');
    expect(await field.inputValue()).toBe('Hi Eve\nLet me check.');
    await field.press('Enter');
    await expect.poll(() => eve.locator('.msg-text', { hasText: 'Let me check.' }).innerText()).toBe('Hi Eve\nLet me check.');
    await expect.poll(() => field.inputValue()).toBe('');

    // A template, filled with the customer, the agent and the queue.
    await alice.getByTestId('template-select').selectOption({ label: 'Greeting' });
    await expect.poll(() => field.inputValue()).toBe('Hello Eve, this is Alice from Sales. How can I help?');
    await field.press('Enter');
    await seeText(messages(eve), 'Hello Eve, this is Alice from Sales. How can I help?');

    // An emoticon from the picker.
    await field.fill('Sorry about that ');
    await alice.getByTestId('emoji-button').click();
    await alice.getByTestId('emoji-picker').getByRole('menuitem', { name: '🙏' }).click();
    await expect.poll(() => field.inputValue()).toBe('Sorry about that 🙏');
    await alice.getByTestId('send-button').click();
    await seeText(messages(eve), 'Sorry about that 🙏');

    // Files: selected, and dropped onto the grey area; they go with the next message and the customer sees them.
    await alice.getByTestId('file-input').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: label });
    await alice.getByTestId('pending-file').filter({ hasText: 'label.png' }).waitFor();
    await alice.getByTestId('file-drop').evaluate((area) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['order 1234: shipped'], 'tracking.txt', { type: 'text/plain' }));
      area.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await alice.getByTestId('pending-file').filter({ hasText: 'tracking.txt' }).waitFor();
    await field.fill('Here is your shipping label and tracking');
    await field.press('Enter');
    await eve.locator('.attachment-image img[alt="label.png"]').waitFor();
    expect(await eve.locator('a.attachment', { hasText: 'tracking.txt' }).getAttribute('href')).toMatch(/^\/uploads\/[\w-]{22}$/);
    // The customer sends a file too.
    await eve.getByTestId('file-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
    await eve.getByTestId('pending-file').waitFor();
    await eve.getByTestId('customer-send').click();
    await alice.locator('.attachment-image img[alt="photo.png"]').waitFor();

    // Markup typed by a customer shows as text and runs nothing.
    await eve.getByTestId('customer-text').fill('<img src=x onerror="window.__xss=1"> is this bold? <b>no</b>');
    await eve.getByTestId('customer-text').press('Enter');
    await seeText(messages(alice), '<img src=x onerror="window.__xss=1"> is this bold? <b>no</b>');
    expect(await messages(alice).locator('b, img[src="x"]').count()).toBe(0);
    expect(await alice.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    // Invite Bob; he accepts the invitation and both chat with Eve.
    await alice.getByTestId('invite').click();
    await alice.getByTestId('target-agent').selectOption({ label: 'Bob' });
    // The picker reads colleagues from the host (they are not in the desk) and says who can take the chat now.
    await seeText(alice.getByTestId('target-agent-availability'), 'Bob: available (3 free slots)');
    await alice.getByTestId('target-submit').click();
    await alice.getByTestId('invitation-pending').waitFor();
    await seeText(bob.getByTestId('offer-kind'), 'Invitation from Alice');
    await bob.getByTestId('offer-accept').click();
    await seeText(messages(eve), 'Bob joined the chat');
    await seeText(eve.getByTestId('chat-status'), 'You are chatting with Alice and Bob');

    // Alice closes with a status (required first); Eve goes on with Bob.
    await alice.getByTestId('close-chat').click();
    await seeText(alice.getByTestId('chat-error'), 'Select a status before closing');
    await alice.getByTestId('chat-status').selectOption('sold');
    await expect.poll(() => alice.getByTestId('chat-status').inputValue()).toBe('sold');
    await alice.getByTestId('close-chat').click();
    await expect.poll(() => tab(alice, 'Eve').count()).toBe(0);
    await seeText(messages(eve), 'Alice left the chat');
    await seeText(eve.getByTestId('chat-status'), 'You are chatting with Bob');
    await eve.getByTestId('customer-text').fill('Bob, are you still there?');
    await eve.getByTestId('customer-text').press('Enter');
    await tab(bob, 'Eve').click();
    await seeText(messages(bob), 'Bob, are you still there?');
    await bob.getByTestId('composer-text').fill('Yes, I am here.');
    await bob.getByTestId('composer-text').press('Enter');
    await seeText(messages(eve), 'Yes, I am here.');
    await screenshot(eve, 'customer');

    // Meanwhile Sam starts a chat (over a plain WebSocket): Bob, idle the longest, gets the offer over his open chat.
    const sam = await startChat({ wsUrl: `${server.url.replace(/^http/, 'ws')}/ws` }, 'Sam', 'sales', 'sam@example.com');
    await seeText(bob.getByTestId('offer-customer'), 'Sam');
    await screenshot(bob, 'desk');
    sam.client.send({ type: 'command', ref: 'bye', command: { type: 'customer.leave' } });
    await expect.poll(() => bob.getByTestId('offer').count()).toBe(0);
    sam.client.close();

    // Bob transfers to the Support queue. Alice (the one agent of Support) gets the transfer offer and misses it.
    await bob.getByTestId('transfer').click();
    await bob.getByTestId('target-kind-queue').check();
    await bob.getByTestId('target-queue').selectOption({ label: 'Support' });
    await seeText(bob.getByTestId('target-queue-availability'), '1 available, 1 logged in');
    await bob.getByTestId('target-submit').click();
    await expect.poll(() => tab(bob, 'Eve').count()).toBe(0);
    await seeText(messages(eve), 'Bob transferred the chat to Support');
    await seeText(alice.getByTestId('offer-kind'), 'Transfer from Bob');
    await alice.getByTestId('unpaid-pause').waitFor({ timeout: 10_000 });
    await seeText(alice.getByTestId('unpaid-pause'), 'you missed an offer');
    expect(await alice.getByTestId('offer').count()).toBe(0);
    expect(await alice.getByTestId('agent-status').getAttribute('data-state')).toBe('paused');

    // Resume; the missed chat is not offered to her again at once (cooldown): she picks it from waiting activities.
    await alice.getByTestId('resume').click();
    await expect.poll(() => alice.getByTestId('agent-status').getAttribute('data-state')).toBe('ready');
    await expect.poll(() => alice.getByTestId('waiting-count').textContent()).toBe('1');
    await alice.getByTestId('waiting-button').click();
    const item = alice.getByTestId('waiting-item');
    await seeText(item, 'Eve');
    await seeText(item, 'Support');
    await item.getByTestId('waiting-accept').click();
    await tab(alice, 'Eve').waitFor();
    await seeText(eve.getByTestId('chat-status'), 'You are chatting with Alice (Support)');
    await expect.poll(() => alice.getByTestId('waiting-count').textContent()).toBe('0');

    // Support reminds on every message: Eve writes while Alice is elsewhere, and a toast says so.
    await alice.getByRole('button', { name: 'Dashboard' }).click();
    await eve.getByTestId('customer-text').fill('Hello again');
    await eve.getByTestId('customer-text').press('Enter');
    await seeText(alice.getByTestId('toast'), 'Eve (Support) is waiting for your answer');
    await alice.getByTestId('toast').getByRole('button', { name: 'Open' }).click();
    await seeText(messages(alice), 'Hello again');
    expect(await alice.getByTestId('toast').count()).toBe(0);
    expect(await messages(eve).getByText('Alice joined the chat', { exact: true }).count()).toBe(2);

    // Important, assistance, and the external URL filled for this chat.
    await alice.getByTestId('mark-important').click();
    await seeText(tab(alice, 'Eve'), '★');
    await alice.getByTestId('ask-assistance').click();
    await alice.getByTestId('assistance-requested').waitFor();
    expect(await alice.getByTestId('external-url').getAttribute('href')).toMatch(/^https:\/\/crm\.example\.com\/tickets\/new\?email=eve%40example\.com&chat=chat-\d+$/);

    // Eve leaves; the desk says so, and Alice closes with a status.
    await eve.getByTestId('leave').click();
    await seeText(eve.getByTestId('chat-status'), 'You left the chat.');
    await seeText(alice.getByTestId('chat-widget'), 'The customer left');
    await alice.getByTestId('chat-status').selectOption('resolved');
    await expect.poll(() => alice.getByTestId('chat-status').inputValue()).toBe('resolved');
    await alice.getByTestId('close-chat').click();
    await expect.poll(() => tab(alice, 'Eve').count()).toBe(0);

    // Eve comes back with the same email: "Load older messages" brings the earlier conversation.
    await eve.getByRole('button', { name: 'Start a new chat' }).click();
    await eve.getByLabel('Your name').fill('Eve');
    await eve.getByLabel('Email').fill('eve@example.com');
    await eve.getByLabel('Topic').selectOption('support');
    await eve.getByTestId('start-chat').click();
    await alice.getByTestId('offer-accept').click();
    await tab(alice, 'Eve').click();
    expect(await messages(alice).getByText('Hello again').count()).toBe(0);
    await alice.getByTestId('load-older').click();
    await seeText(messages(alice), 'Hello again');
    await seeText(messages(alice), 'Hi Eve');
  }, 120_000);
});
