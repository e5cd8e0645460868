import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostServer, type HostServer } from '../../src/server/createHostServer';
import { demoConfig } from '../../src/server/demoConfig';
import { launchBrowser } from './browser';
import { requireBuiltWeb, seeText } from './helpers';

// Issue 8: the server stops mid-chat and starts again on the same data folder and port. The desk and the widget
// notice, say so, reconnect by themselves, and the conversation goes on both ways. The admin page changes the
// configuration at runtime and shows the engine's refusals.

let server: HostServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let dataDir: string;

beforeAll(async () => {
  requireBuiltWeb('admin.html');
  dataDir = await mkdtemp(join(tmpdir(), 'chatroute-e2e-restart-'));
  server = await startHostServer({ config: demoConfig(), port: 0, dataDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const messages = (page: Page) => page.getByTestId('messages');

describe('a server restart in the middle of a chat', () => {
  it('is survived by the desk and the widget, which reconnect and go on', async () => {
    const url = server!.url;
    const port = Number(new URL(url).port);

    const alice = await browser.newPerson();
    await alice.goto(`${url}/desk`);
    await alice.getByLabel('Agent').fill('alice');
    await alice.getByLabel('Password').fill('alice-demo');
    await alice.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => alice.getByTestId('agent-status').getAttribute('data-state')).toBe('ready');

    const eve = await browser.newPerson({ width: 520, height: 800 });
    await eve.goto(`${url}/chat`);
    await eve.getByLabel('Your name').fill('Eve');
    await eve.getByLabel('Email').fill('eve@example.com');
    await eve.getByLabel('Topic').selectOption('support');
    await eve.getByTestId('start-chat').click();
    await alice.getByTestId('offer-accept').click();
    await alice.getByRole('tab', { name: 'Eve' }).click();
    await eve.getByTestId('customer-text').fill('My parcel is lost');
    await eve.getByTestId('customer-text').press('Enter');
    await seeText(messages(alice), 'My parcel is lost');
    await alice.getByTestId('composer-text').fill('Let me look it up');
    await alice.getByTestId('composer-text').press('Enter');
    await seeText(messages(eve), 'Let me look it up');

    // The admin page, meanwhile: a new queue is accepted; removing Support, where Eve's chat is, is refused.
    const admin = await browser.newPerson();
    await admin.goto(`${url}/admin`);
    await admin.getByLabel('User').fill('admin');
    await admin.getByLabel('Password').fill('admin-demo');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByTestId('new-queue').click();
    await admin.locator('input[name="queueId"]').fill('billing');
    await admin.locator('input[name="queueName"]').fill('Billing');
    await admin.locator('input[name="closeStatuses"]').fill('paid, refunded');
    await admin.getByTestId('queue-save').click();
    await seeText(admin.getByTestId('queues'), 'Billing');
    await admin.getByTestId('queue-row').filter({ hasText: 'Support' }).getByRole('button', { name: 'Remove' }).click();
    await seeText(admin.getByTestId('admin-refusal'), 'invalid-state');
    // Webhooks: a subscription added on the page is listed, and its secret shown once.
    await admin.getByRole('textbox', { name: 'URL', exact: true }).fill('http://127.0.0.1:9/hook');
    await admin.getByTestId('new-webhook').click();
    await admin.getByTestId('webhook-secret').waitFor();
    await seeText(admin.getByTestId('webhook-row'), 'http://127.0.0.1:9/hook');

    // Stop the server. Both tabs say so; the customer's Send is off, and what she types stays in the field.
    await server!.close();
    server = undefined;
    await seeText(eve.getByTestId('connection-banner'), 'Reconnecting…');
    await seeText(alice.getByTestId('connection-banner'), 'Reconnecting…');
    expect(await eve.getByTestId('customer-send').isDisabled()).toBe(true);
    await eve.getByTestId('customer-text').fill('Are you still there?');

    // Start it again on the same folder and port: both reconnect by themselves, with their stored tokens.
    server = await startHostServer({ config: demoConfig(), port, dataDir });
    await seeText(eve.getByTestId('connection-banner'), 'Connected again', 15_000);
    await seeText(alice.getByTestId('connection-banner'), 'Connected again', 15_000);
    await seeText(messages(alice), 'My parcel is lost');
    await seeText(messages(alice), 'Let me look it up');
    await seeText(messages(eve), 'Let me look it up');
    await seeText(eve.getByTestId('chat-status'), 'You are chatting with Alice');

    // The conversation goes on both ways; the line typed while disconnected goes now.
    expect(await eve.getByTestId('customer-text').inputValue()).toBe('Are you still there?');
    await eve.getByTestId('customer-send').click();
    await seeText(messages(alice), 'Are you still there?');
    await alice.getByTestId('composer-text').fill('Yes: found it, it ships tomorrow');
    await alice.getByTestId('composer-text').press('Enter');
    await seeText(messages(eve), 'Yes: found it, it ships tomorrow');
    // The runtime configuration change survived too.
    expect(server.engine.stats().map((s) => s.queueId)).toContain('billing');
  }, 90_000);
});
