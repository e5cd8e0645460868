import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostServer, type HostServer } from '../../src/server/createHostServer';
import { signIn, startChat, testConfig, type TestClient } from '../server/helpers';
import { launchBrowser } from './browser';
import { requireBuiltWeb, seeText, signInDesk } from './helpers';

// Issue 21, "desk on a busy day": the Dashboard button never toggles into a chat; only the customer's lines count as
// unread, and a colleague's lines and notes look apart; chats are named by customer; a flashing tab never looks
// selected; the offer box keeps clear of the open-chats panel; sound is on by default and remembered.

const base = testConfig({ framesPerSecond: 1_000, frameBurst: 1_000 });
// Sales has after-chat work, so the wrap-up bar names a chat that has left the desk.
// Support allows two tags, so the desk shows the engine's refusal of a third.
const config = {
  ...base,
  queues: base.queues.map((q) =>
    q.id === 'sales' ? { ...q, policies: { ...q.policies, wrapUp: { ms: 120_000 } } } : q.id === 'support' ? { ...q, tags: { allowed: ['vip', 'billing'] } } : q,
  ),
};
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

/** A desk whose chimes are observed: each oscillator started is recorded with its audio context's state then. */
async function openDesk(agentId: string): Promise<Page> {
  const page = await browser.newPerson();
  await page.addInitScript(() => {
    const w = window as unknown as { __chimes: string[] };
    w.__chimes = [];
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      w.__chimes.push(this.context.state);
      return start.apply(this, args);
    };
  });
  await signInDesk(page, server.url, agentId);
  return page;
}

const chimes = (page: Page) => page.evaluate(() => (window as unknown as { __chimes: string[] }).__chimes);
const tab = (page: Page, name: string) => page.getByRole('tab', { name });
const line = (page: Page, text: string) => page.getByTestId('messages').getByTestId('message').filter({ hasText: text });

/** Two boxes overlap (a strict overlap: touching edges do not count). */
function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the desk on a busy day (issue 21)', () => {
  it('sound on by default, a clear offer box, a Dashboard that stays, unread from the customer only, chats named by customer', async () => {
    const bob = await openDesk('bob');
    // Sound is on without ticking anything: the sign-in click let the desk play it.
    expect(await bob.getByTestId('sound-setting').isChecked()).toBe(true);

    const eve = await startChat({ wsUrl }, 'Eve', 'sales');
    clients.push(eve.client);
    await bob.getByTestId('offer').waitFor();
    await expect.poll(() => chimes(bob)).toContain('running');
    // The offer box (fixed, top right) covers no part of the open-chats panel.
    const offerBox = await bob.getByTestId('offer').boundingBox();
    const openChats = await bob.getByTestId('open-chats').boundingBox();
    expect(offerBox && openChats && overlap(offerBox, openChats)).toBe(false);

    await bob.getByTestId('offer-accept').click();
    await tab(bob, 'Eve').click();
    await bob.getByTestId('chat-widget').waitFor();
    // The Dashboard button opens the dashboard; a second click leaves it there (it used to go back into the chat).
    await bob.getByRole('button', { name: 'Dashboard' }).click();
    await bob.getByTestId('dashboard').waitFor();
    await bob.getByRole('button', { name: 'Dashboard' }).click();
    await bob.waitForTimeout(300);
    expect(await bob.getByTestId('dashboard').count()).toBe(1);
    expect(await bob.getByTestId('chat-widget').count()).toBe(0);

    // Bob invites Alice from the chat; she joins.
    const alice = await signIn({ wsUrl }, 'alice');
    clients.push(alice);
    await tab(bob, 'Eve').click();
    await bob.getByTestId('invite').click();
    await bob.getByTestId('target-agent').selectOption({ label: 'Alice' });
    await bob.getByTestId('target-submit').click();
    await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === eve.chatId), 10_000);
    expect(await alice.command({ type: 'offer.accept', chatId: eve.chatId })).toMatchObject({ ok: true });

    // On the dashboard, Bob sees the last line of each open chat; Alice's line and her note do not count as unread.
    await bob.getByRole('button', { name: 'Dashboard' }).click();
    expect(await alice.command({ type: 'message.send', chatId: eve.chatId, text: 'Colleague here' })).toMatchObject({ ok: true });
    expect(await alice.command({ type: 'chat.note', chatId: eve.chatId, text: 'Note for Bob' })).toMatchObject({ ok: true });
    await seeText(bob.getByTestId('open-chat-last'), 'Note: Note for Bob');
    expect(await tab(bob, 'Eve').getAttribute('data-flashing')).toBe('false');
    expect(await tab(bob, 'Eve').locator('.badge').count()).toBe(0);
    // The customer's line does: the tab flashes with a count, the list says how long she waits.
    expect(await eve.client.command({ type: 'message.send', text: 'Customer line' })).toMatchObject({ ok: true });
    await expect.poll(() => tab(bob, 'Eve').getAttribute('data-flashing')).toBe('true');
    await seeText(tab(bob, 'Eve').locator('.badge'), '1');
    await seeText(bob.getByTestId('open-chat-last'), 'Eve: Customer line');
    await seeText(bob.getByTestId('open-chat-waiting'), 'waiting 0:0');
    // The flashing tab's light phase is not the selected tab's white.
    const colours = await tab(bob, 'Eve').evaluate((el) => {
      const selected = document.createElement('button');
      selected.className = 'tab tab-active';
      el.parentElement?.appendChild(selected);
      const white = getComputedStyle(selected).backgroundColor;
      selected.remove();
      const phases: string[] = [];
      for (const at of [100, 600]) {
        for (const animation of el.getAnimations()) {
          animation.pause();
          animation.currentTime = at;
        }
        phases.push(getComputedStyle(el).backgroundColor);
      }
      for (const animation of el.getAnimations()) animation.play();
      return { white, phases };
    });
    expect(colours.phases).toHaveLength(2);
    expect(colours.phases[0]).not.toBe(colours.phases[1]);
    for (const phase of colours.phases) expect(phase).not.toBe(colours.white);

    // In the conversation the colleague's line and the note look apart from the customer's.
    await tab(bob, 'Eve').click();
    await seeText(bob.getByTestId('messages'), 'Customer line');
    expect(await line(bob, 'Customer line').getAttribute('data-side')).toBe('other');
    expect(await line(bob, 'Colleague here').getAttribute('data-side')).toBe('colleague');
    expect(await line(bob, 'Note for Bob').getAttribute('class')).toContain('msg-note');
    const background = (text: string) => line(bob, text).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background('Colleague here')).not.toBe(await background('Customer line'));
    expect(await background('Note for Bob')).not.toBe(await background('Customer line'));
    await expect.poll(() => tab(bob, 'Eve').getAttribute('data-flashing')).toBe('false');

    // Alice leaves; Bob closes with a status, and his after-chat work names the chat by its customer.
    expect(await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status: 'no-sale' })).toMatchObject({ ok: true });
    expect(await alice.command({ type: 'chat.close', chatId: eve.chatId })).toMatchObject({ ok: true });
    await seeText(bob.getByTestId('messages'), 'Alice left the chat');
    await bob.getByTestId('chat-status').selectOption('sold');
    await expect.poll(() => bob.getByTestId('chat-status').inputValue()).toBe('sold');
    await bob.getByTestId('close-chat').click();
    await seeText(bob.getByTestId('wrap-up'), 'for the chat with Eve');
    expect(await bob.getByTestId('wrap-up').textContent()).not.toContain(eve.chatId);

    // Alice goes home: Support's next chat is Carol's.
    expect(await alice.command({ type: 'agent.logout' })).toMatchObject({ ok: true });

    // Sound off is remembered across a reload.
    await bob.getByTestId('sound-setting').uncheck();
    await bob.reload();
    await expect.poll(() => bob.getByTestId('agent-status').getAttribute('data-state')).not.toBe(null);
    expect(await bob.getByTestId('sound-setting').isChecked()).toBe(false);
  }, 90_000);

  it("a supervisor's team panel, and hold, notes and tags from the desk", async () => {
    const carol = await openDesk('carol');
    // Her team: each colleague's state and for how long, chats and slots (Bob's after-chat work holds one).
    const member = (name: string) => carol.getByTestId('team-member').filter({ hasText: name });
    await seeText(member('Bob').getByTestId('team-member-state'), 'ready');
    await seeText(member('Bob').getByTestId('team-member-chats'), '0 chats');
    await seeText(member('Bob').getByTestId('team-member-capacity'), '1/3 slots');
    await seeText(member('Alice').getByTestId('team-member-state'), 'offline');
    await seeText(member('Alice').getByTestId('team-member-capacity'), '0/3 slots');
    expect(await member('Bob').getByTestId('team-member-time').textContent()).toMatch(/^for \d+:\d\d$/);
    const bobWas = await member('Bob').getByTestId('team-member-time').textContent();
    await expect.poll(() => member('Bob').getByTestId('team-member-time').textContent(), { timeout: 5_000 }).not.toBe(bobWas);

    const max = await startChat({ wsUrl }, 'Max', 'support');
    clients.push(max.client);
    await carol.getByTestId('offer-accept').click();
    await tab(carol, 'Max').click();
    // Hold and resume.
    await carol.getByTestId('hold').click();
    await seeText(carol.getByTestId('on-hold'), 'On hold for 0:0');
    await seeText(carol.getByTestId('on-hold'), 'by Carol');
    expect(server.engine.getChat(max.chatId)?.hold).toMatchObject({ by: 'carol' });
    await carol.getByTestId('resume').click();
    await expect.poll(() => carol.getByTestId('on-hold').count()).toBe(0);
    expect(server.engine.getChat(max.chatId)?.hold).toBeUndefined();
    // A note: on the desk, marked agents-only; never sent to the customer.
    await carol.getByTestId('note-text').fill('Asked for a refund twice');
    await carol.getByTestId('note-add').click();
    await seeText(carol.getByTestId('messages'), 'Asked for a refund twice');
    expect(await line(carol, 'Asked for a refund twice').getAttribute('class')).toContain('msg-note');
    expect(await carol.getByTestId('note-text').inputValue()).toBe('');
    await carol.getByTestId('composer-text').fill('Hello Max');
    await carol.getByTestId('composer-text').press('Enter');
    await max.client.waitFor((f) => f.type === 'chat.message' && f.message.text === 'Hello Max');
    expect(JSON.stringify(max.client.frames)).not.toContain('refund');
    // Tags: added, refused outside the queue's list (the engine's message), removed.
    await carol.getByTestId('tag-text').fill('vip');
    await carol.getByTestId('tag-add').click();
    await seeText(carol.getByTestId('tags'), 'vip');
    expect(server.engine.getChat(max.chatId)?.tags).toEqual(['vip']);
    await carol.getByTestId('tag-text').fill('angry');
    await carol.getByTestId('tag-add').click();
    await carol.getByTestId('chat-error').waitFor();
    expect(server.engine.getChat(max.chatId)?.tags).toEqual(['vip']);
    await carol.getByRole('button', { name: 'Remove tag vip' }).click();
    await expect.poll(() => carol.getByTestId('tag').count()).toBe(0);
    expect(server.engine.getChat(max.chatId)?.tags ?? []).toEqual([]);
  }, 90_000);
});
