import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { signIn, startChat, startTestServer, tempDir, testConfig, TestClient, type TestServer } from './helpers';

// Issue 10, the server side of a busy day: desks rebuilt from shared, collapsed queue changes equal the engine's
// desk; presence and typing reach the chat's agents; waiting customers hear their place in line.

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(testConfig({ framesPerSecond: 1_000, frameBurst: 1_000 }));
});
afterEach(async () => {
  await server.close();
});

/** Waits until the client's rebuilt desk equals what the engine says the desk is. */
async function inSync(client: TestClient, agentId: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const expected = server.engine.getDesk(agentId);
    if (JSON.stringify(client.desk) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) expect(client.desk).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('shared desk changes', () => {
  it('gathers and collapses queue changes, and every desk still equals the engine desk (members who join later too)', async () => {
    const alice = await signIn(server, 'alice');
    // Bob works Sales only; he pauses so chats wait and his desk's waiting list moves.
    const bob = await signIn(server, 'bob');
    await bob.command({ type: 'agent.pause', reason: 'Break', paid: true });
    const customers = [];
    for (let i = 0; i < 8; i++) customers.push(await startChat(server, `C${i}`, i % 2 === 0 ? 'sales' : 'support'));
    // Alice takes some at once (offered, accepted, gone from the list within one batch) and some wait.
    for (const c of customers.slice(0, 3)) {
      await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === c.chatId));
      await alice.command({ type: 'offer.accept', chatId: c.chatId });
    }
    await Promise.all([inSync(alice, 'alice'), inSync(bob, 'bob')]);
    expect(bob.desk?.waiting.count).toBeGreaterThan(0);
    // Carol signs in while chats come and go: her desk.init and the batch she joins agree in the end.
    const carol = await signIn(server, 'carol');
    customers[3]?.client.send({ type: 'command', ref: 'x', command: { type: 'customer.leave' } });
    customers.push(await startChat(server, 'Late', 'support'));
    await Promise.all([inSync(alice, 'alice'), inSync(bob, 'bob'), inSync(carol, 'carol')]);
    // Shared changes came as desk.changes frames, not one frame per change.
    expect(bob.frames.some((f) => f.type === 'desk.changes')).toBe(true);
    for (const c of customers) c.client.close();
    for (const a of [alice, bob, carol]) a.close();
  });
});

describe('presence and typing', () => {
  it("tells the chat's agents when the customer's widget closes and opens, and relays typing both ways", async () => {
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    expect(await alice.next('presence', (f) => f.chatId === eve.chatId)).toMatchObject({ customer: 'online' });
    eve.client.send({ type: 'typing' });
    await alice.next('typing', (f) => f.chatId === eve.chatId);
    alice.send({ type: 'typing', chatId: eve.chatId });
    expect(await eve.client.next('chat.typing')).toMatchObject({ name: 'Alice' });
    // A second typing frame within 2 s is dropped; a line resets that, so the next keystroke is heard at once.
    const typings = () => alice.frames.filter((f) => f.type === 'typing').length;
    eve.client.send({ type: 'typing' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(typings()).toBe(1);
    await eve.client.command({ type: 'message.send', text: 'Hi' });
    eve.client.send({ type: 'typing' });
    await expect.poll(typings).toBe(2);

    eve.client.close();
    await alice.next('presence', (f) => f.chatId === eve.chatId && f.customer === 'offline');
    // The engine heard it too (its grace period decides what follows): the desk marks the customer away.
    await alice.next('desk', (f) => f.desk.chats.some((c) => c.chatId === eve.chatId && c.customerAway !== undefined));
    const back = await TestClient.connect(server.wsUrl);
    back.send({ type: 'hello', version: 1, auth: { role: 'customer', token: eve.token } });
    await alice.next('presence', (f) => f.chatId === eve.chatId && f.customer === 'online', 5_000, alice.frames.length - 1);
    await alice.next('desk', (f) => f.desk.chats.some((c) => c.chatId === eve.chatId && c.customerAway === undefined));
    back.close();
    alice.close();
  });
});

describe('place in line', () => {
  it('tells each waiting customer their position, and moves them up as others are served', async () => {
    const waiting = [];
    for (const name of ['A', 'B', 'C']) waiting.push(await startChat(server, name, 'support'));
    const c = waiting[2]!;
    expect(await c.client.next('chat', (f) => f.chat.position === 3)).toMatchObject({ chat: { state: 'waiting' } });
    const alice = await signIn(server, 'alice');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: waiting[0]!.chatId });
    await c.client.next('chat', (f) => f.chat.position === 2, 5_000);
    alice.close();
    for (const w of waiting) w.client.close();
  });
});

describe('a server stopping', () => {
  it('does not report the connections it closes as people leaving (a long restart must not end chats)', async () => {
    const dataDir = await tempDir();
    const first = await startTestServer(testConfig(), { dataDir });
    const alice = await signIn(first, 'alice');
    const eve = await startChat(first, 'Eve');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    await first.close();
    const second = await startTestServer(testConfig(), { dataDir });
    expect(second.engine.getAgent('alice')?.disconnectedSince).toBeUndefined();
    expect(second.engine.getChat(eve.chatId)?.customerAway).toBeUndefined();
    await second.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
