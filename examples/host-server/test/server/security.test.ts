import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isError, pngBytes, signIn, startChat, startTestServer, testConfig, TestClient, type TestServer } from './helpers';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

async function hello(auth: Record<string, unknown>) {
  const client = await TestClient.connect(server.wsUrl);
  client.send({ type: 'hello', version: 1, auth });
  return client;
}

describe('authentication', () => {
  it.each([
    ['a wrong password', { role: 'agent', agentId: 'alice', password: 'alice' }],
    ['an unknown agent', { role: 'agent', agentId: 'mallory', password: 'mallory-demo' }],
    ['a made-up agent token', { role: 'agent', token: 'not-a-token' }],
    ['a made-up customer token', { role: 'customer', token: 'not-a-token' }],
  ])('refuses %s: error frame, close 4001, no session', async (_what, auth) => {
    const client = await hello(auth);
    expect(await client.next('error')).toMatchObject({ code: 'unauthorized' });
    expect((await client.closed).code).toBe(4001);
    expect(client.frames.some((f) => f.type === 'welcome' || f.type === 'desk')).toBe(false);
  });

  it('says the same for an unknown agent as for a wrong password (no account probing)', async () => {
    const wrong = await hello({ role: 'agent', agentId: 'alice', password: 'nope' });
    const unknown = await hello({ role: 'agent', agentId: 'mallory', password: 'nope' });
    expect((await wrong.next('error')).message).toBe((await unknown.next('error')).message);
  });

  it('refuses a hello without credentials', async () => {
    const client = await hello({ role: 'customer' });
    expect(await client.next('error')).toMatchObject({ code: 'bad-frame' });
    expect(await client.command({ type: 'customer.leave' })).toMatchObject({ code: 'not-authenticated' });
    client.close();
  });

  it('does not accept a customer token as an agent token, nor the reverse', async () => {
    const eve = await startChat(server, 'Eve');
    const asAgent = await hello({ role: 'agent', token: eve.token });
    expect(await asAgent.next('error')).toMatchObject({ code: 'unauthorized' });
    const alice = await signIn(server, 'alice');
    const agentToken = (alice.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
    const asCustomer = await hello({ role: 'customer', token: agentToken });
    expect(await asCustomer.next('error')).toMatchObject({ code: 'unauthorized' });
    // The agent token reconnects the agent, without the password.
    const again = await hello({ role: 'agent', token: agentToken });
    expect(await again.next('welcome')).toMatchObject({ session: { agentId: 'alice' } });
    alice.close();
    again.close();
  });

  it('refuses WebSocket upgrades from another origin, and on other paths', async () => {
    await expect(TestClient.connect(server.wsUrl, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(TestClient.connect(server.wsUrl.replace('/ws', '/other'))).rejects.toThrow(/403/);
    const sameOrigin = await TestClient.connect(server.wsUrl, { Origin: server.url });
    sameOrigin.close();
  });
});

describe('the server, not the client, says who acts', () => {
  it('overrides agentId: an agent cannot accept, pause or write as a colleague', async () => {
    const alice = await signIn(server, 'alice');
    const bob = await signIn(server, 'bob');
    // Alice logged in first, so (longest idle) the chat is offered to her; Bob tries to take it as Alice.
    const eve = await startChat(server, 'Eve');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    const stolen = await bob.command({ type: 'offer.accept', chatId: eve.chatId, agentId: 'alice' });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('"bob"') } });
    expect(server.engine.getChat(eve.chatId)?.offer?.agentId).toBe('alice');

    expect(await bob.command({ type: 'agent.pause', agentId: 'alice', reason: 'Break', paid: true })).toMatchObject({ ok: true });
    expect(server.engine.getAgent('bob')?.state).toBe('paused');
    expect(server.engine.getAgent('alice')?.state).toBe('ready');

    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    const forged = await bob.command({ type: 'message.send', chatId: eve.chatId, text: 'I am Alice', from: { kind: 'agent', agentId: 'alice' } });
    expect(forged).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(server.engine.messages(eve.chatId).map((m) => m.text)).toEqual(['Alice joined the chat']);
    alice.close();
    bob.close();
  });

  it('keeps a customer in their own chat, whatever chatId they send', async () => {
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve');
    const sam = await startChat(server, 'Sam');
    eve.client.send({ type: 'command', ref: 'x', command: { type: 'message.send', chatId: sam.chatId, text: 'from Eve' } });
    await eve.client.next('result', (f) => f.ref === 'x');
    expect(server.engine.messages(sam.chatId)).toEqual([]);
    expect(server.engine.messages(eve.chatId).map((m) => m.text)).toEqual(['from Eve']);
    eve.client.send({ type: 'command', ref: 'y', command: { type: 'customer.leave', chatId: sam.chatId } });
    await eve.client.next('result', (f) => f.ref === 'y');
    expect(server.engine.getChat(sam.chatId)?.state).not.toBe('abandoned');
    expect(sam.client.frames.some((f) => f.type === 'chat.message')).toBe(false);
    alice.close();
  });

  it('allows each role only its own commands and queries', async () => {
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve');
    expect(await alice.command({ type: 'chat.start', queueId: 'sales', customer: { name: 'Fake' } })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await alice.command({ type: 'customer.leave', chatId: eve.chatId })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await eve.client.command({ type: 'offer.accept', chatId: eve.chatId })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await eve.client.command({ type: 'chat.start', queueId: 'sales', customer: { name: 'Again' } })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await eve.client.request({ query: { type: 'history', chatId: eve.chatId } })).toMatchObject({ type: 'error', code: 'forbidden' });
    alice.close();
  });

  it("refuses to show an agent another agent's chat: transcript, history, template", async () => {
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve', 'sales', 'eve@example.com');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    eve.client.send({ type: 'command', ref: 'm', command: { type: 'message.send', text: 'secret' } });
    await alice.next('message', (f) => f.message.text === 'secret');
    const bob = await signIn(server, 'bob');
    expect(await bob.request({ query: { type: 'history', chatId: eve.chatId } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bob.request({ query: { type: 'template', chatId: eve.chatId, templateId: 'greeting' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(bob.frames.some((f) => (f.type === 'message' || f.type === 'transcript') && JSON.stringify(f).includes('secret'))).toBe(false);
    alice.close();
    bob.close();
  });

  it('attaches only uploads the sender made for this chat', async () => {
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve');
    const sam = await startChat(server, 'Sam');
    const upload = await fetch(`${server.url}/api/uploads?name=a.png`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sam.token}`, 'Content-Type': 'image/png' },
      body: pngBytes,
    });
    const { uploadId } = (await upload.json()) as { uploadId: string };
    const refused = await eve.client.command({ type: 'message.send', uploads: [uploadId] });
    expect(isError(refused) && refused).toMatchObject({ code: 'bad-frame', message: expect.stringContaining('not yours') });
    expect(await sam.client.command({ type: 'message.send', uploads: [uploadId] })).toMatchObject({ ok: true });
    expect(server.engine.messages(sam.chatId)[0]?.attachments).toEqual([{ name: 'a.png', size: pngBytes.length, mimeType: 'image/png', url: `/uploads/${uploadId}` }]);
    alice.close();
  });
});

describe('limits', () => {
  it('closes a connection that sends a frame over the size limit (1009); others carry on', async () => {
    const alice = await signIn(server, 'alice');
    const bob = await signIn(server, 'bob');
    alice.send({ type: 'command', ref: 'big', command: { type: 'agent.pause', reason: 'x'.repeat(20 * 1024), paid: true } });
    expect((await alice.closed).code).toBe(1009);
    expect(await bob.command({ type: 'agent.pause', reason: 'Break', paid: true })).toMatchObject({ ok: true });
    bob.close();
  });

  it('refuses frames over the rate with rate-limited, then disconnects a client that keeps going (4008)', async () => {
    await server.close();
    server = await startTestServer(testConfig({ framesPerSecond: 5, frameBurst: 10, maxRefusedInARow: 20 }));
    const alice = await signIn(server, 'alice'); // hello and login spent 2 of the 10
    for (let i = 0; i < 12; i++) alice.send({ type: 'command', ref: `r${i}`, command: { type: 'chat.read', chatId: 'chat-1' } });
    await alice.next('error', (f) => f.code === 'rate-limited');
    const limited = alice.frames.filter((f) => f.type === 'error' && f.code === 'rate-limited').length;
    expect(limited).toBeGreaterThanOrEqual(3);
    expect(limited).toBeLessThanOrEqual(5);
    for (let i = 0; i < 30; i++) alice.send({ type: 'command', ref: `s${i}`, command: { type: 'chat.read', chatId: 'chat-1' } });
    expect((await alice.closed).code).toBe(4008);
  });
});
