import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { isError, shopIdentity, signIn, startChat, startTestServer, testConfig, TestClient, type TestServer } from './helpers';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe('handshake', () => {
  it('answers hello with welcome: the protocol version, the server time, the session and its limits', async () => {
    const client = await TestClient.connect(server.wsUrl);
    client.send({ type: 'hello', version: PROTOCOL_VERSION, auth: { role: 'agent', agentId: 'alice', password: 'alice-demo' } });
    const welcome = await client.next('welcome');
    expect(welcome.version).toBe(1);
    expect(Math.abs(welcome.serverTime - Date.now())).toBeLessThan(5_000);
    expect(welcome.session).toMatchObject({ role: 'agent', agentId: 'alice', name: 'Alice', pauseReasons: ['Break', 'Lunch', 'Meeting', 'Training'] });
    expect(welcome.session.limits).toEqual({ maxFrameBytes: 16 * 1024, maxUploadBytes: 32 * 1024, uploadTypes: testConfig().limits.uploadTypes, maxTextLength: 10_000 });
    const desk = await client.next('desk');
    expect(desk.desk.agent).toMatchObject({ id: 'alice', state: 'offline' });
    client.close();
  });

  it('refuses another protocol version with an error frame and close 4002', async () => {
    const client = await TestClient.connect(server.wsUrl);
    client.send({ type: 'hello', version: 2, auth: { role: 'agent', agentId: 'alice', password: 'alice-demo' } });
    expect(await client.next('error')).toMatchObject({ code: 'unsupported-version', message: expect.stringContaining('version 1') });
    expect((await client.closed).code).toBe(4002);
  });

  it('answers frames before hello with not-authenticated, and still accepts hello afterwards', async () => {
    const client = await TestClient.connect(server.wsUrl);
    expect(await client.command({ type: 'agent.login' })).toMatchObject({ type: 'error', code: 'not-authenticated' });
    client.send({ type: 'hello', version: 1, auth: { role: 'agent', agentId: 'alice', password: 'alice-demo' } });
    await client.next('welcome');
    client.close();
  });

  it('closes a connection that never says hello (4003)', async () => {
    await server.close();
    server = await startTestServer(testConfig({ helloTimeoutMs: 100 }));
    const client = await TestClient.connect(server.wsUrl);
    expect((await client.closed).code).toBe(4003);
  });

  it('refuses to start a chat in an unknown queue (error frame, close 1008)', async () => {
    const client = await TestClient.connect(server.wsUrl);
    client.send({ type: 'hello', version: 1, auth: { role: 'customer', start: { queueId: 'billing', name: 'Eve' } } });
    expect(await client.next('error')).toMatchObject({ code: 'bad-frame', message: expect.stringContaining('billing') });
    expect((await client.closed).code).toBe(1008);
  });

  it('lets a customer reconnect to their chat with its token', async () => {
    const eve = await startChat(server, 'Eve');
    eve.client.send({ type: 'command', ref: 'm', command: { type: 'message.send', text: 'before the reload' } });
    await eve.client.next('result', (f) => f.ref === 'm');
    eve.client.close();
    const again = await TestClient.connect(server.wsUrl);
    again.send({ type: 'hello', version: 1, auth: { role: 'customer', token: eve.token } });
    expect(await again.next('welcome')).toMatchObject({ session: { role: 'customer', chatId: eve.chatId } });
    expect(await again.next('chat.transcript')).toMatchObject({ messages: [{ from: 'you', text: 'before the reload' }] });
    again.close();
  });

  it('refuses a second hello on the same connection', async () => {
    const alice = await signIn(server, 'alice');
    alice.send({ type: 'hello', version: 1, auth: { role: 'agent', agentId: 'bob', password: 'bob-demo' } });
    expect(await alice.next('error')).toMatchObject({ code: 'bad-frame', message: expect.stringContaining('already signed in') });
    expect(alice.frames.filter((f) => f.type === 'welcome')).toHaveLength(1);
    alice.close();
  });
});

describe('malformed frames get an error frame, never a crash', () => {
  const malformed: Array<[string, string | Record<string, unknown>]> = [
    ['not JSON', '{"type": "command",'],
    ['a JSON array', '[1, 2, 3]'],
    ['a JSON string', '"hello"'],
    ['an unknown frame type', { type: 'subscribe', ref: 'x' }],
    ['a command without ref', { type: 'command', command: { type: 'agent.login' } }],
    ['a command that is not an object', { type: 'command', ref: 'x', command: 'agent.login' }],
    ['an unknown property on the frame', { type: 'command', ref: 'x', command: { type: 'agent.login' }, admin: true }],
    ['a command with a wrong field type', { type: 'command', ref: 'x', command: { type: 'chat.markImportant', chatId: 'chat-1', important: 'yes' } }],
    ['a command with an unknown property', { type: 'command', ref: 'x', command: { type: 'offer.accept', chatId: 'chat-1', sudo: true } }],
    ['a query of an unknown type', { type: 'query', ref: 'x', query: { type: 'everything' } }],
    ['a hello with a malformed auth', { type: 'hello', version: 1, auth: { role: 'root' } }],
  ];

  it.each(malformed)('%s', async (_what, frame) => {
    const alice = await signIn(server, 'alice');
    const from = alice.frames.length;
    alice.send(frame);
    const error = await alice.next('error', () => true, 5_000, from);
    expect(error.code).toBe('bad-frame');
    expect(error.message.length).toBeGreaterThan(5);
    // The same connection goes on working, and so does the server for others.
    expect(await alice.command({ type: 'agent.pause', reason: 'Break', paid: true })).toMatchObject({ ok: true });
    const bob = await signIn(server, 'bob');
    expect(bob.desk?.agent.state).toBe('ready');
    alice.close();
    bob.close();
  });

  it('binary frames', async () => {
    const alice = await signIn(server, 'alice');
    alice.ws.send(Buffer.from([1, 2, 3]));
    expect(await alice.next('error')).toMatchObject({ code: 'bad-frame', message: expect.stringContaining('binary') });
    alice.close();
  });

  it('echoes the ref of a malformed frame when it could read one', async () => {
    const alice = await signIn(server, 'alice');
    alice.send({ type: 'command', ref: 'mine', command: { type: 'chat.read' } });
    expect(await alice.next('error')).toMatchObject({ code: 'bad-frame', ref: 'mine', message: expect.stringContaining('chatId') });
    alice.close();
  });
});

describe('commands, queries and pushed frames', () => {
  it('forwards engine refusals as results with the engine code', async () => {
    const alice = await signIn(server, 'alice');
    expect(await alice.command({ type: 'agent.resume' })).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    alice.close();
  });

  it('pushes the desk, the transcript of a new chat, then its messages; the customer sees progress and lines', async () => {
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve', 'sales', 'eve@example.com');
    const offered = await alice.next('desk', (f) => f.desk.offers.length === 1);
    expect(offered.desk.offers[0]).toMatchObject({ chatId: eve.chatId, customer: { name: 'Eve', email: 'eve@example.com' }, queue: { name: 'Sales' } });
    expect(offered.desk.offers[0]?.customer.crmUrl).toContain('https://crm.example.com/contacts?email=eve%40example.com');
    expect(offered.desk.offers[0]?.externalUrl).toBe('https://crm.example.com/search?q=eve%40example.com');
    eve.client.send({ type: 'command', ref: 'm1', command: { type: 'message.send', text: 'Hello?' } });
    await eve.client.next('result', (f) => f.ref === 'm1');
    expect(await alice.command({ type: 'offer.accept', chatId: eve.chatId })).toEqual({ ok: true });
    const transcript = await alice.next('transcript', (f) => f.chatId === eve.chatId);
    expect(transcript.messages.map((m) => m.text)).toEqual(['Hello?', 'Alice joined the chat']);
    expect(await eve.client.next('chat', (f) => f.chat.state === 'active')).toMatchObject({ chat: { agents: ['Alice'], queue: { name: 'Sales' } } });
    expect(await eve.client.next('chat.message', (f) => f.message.from === 'system')).toMatchObject({ message: { text: 'Alice joined the chat' } });

    expect(await alice.command({ type: 'message.send', chatId: eve.chatId, text: 'Hi Eve' })).toMatchObject({ ok: true });
    expect(await eve.client.next('chat.message', (f) => f.message.from === 'agent')).toMatchObject({ message: { name: 'Alice', text: 'Hi Eve' } });
    eve.client.send({ type: 'command', ref: 'm2', command: { type: 'message.send', text: 'Thanks' } });
    expect(await alice.next('message', (f) => f.message.text === 'Thanks')).toMatchObject({ message: { from: { kind: 'customer' } } });
    alice.close();
    eve.client.close();
  });

  it('renders templates, sends reminders, and pages history for the agent in the chat', async () => {
    const alice = await signIn(server, 'alice');
    const first = await startChat(server, 'Sam', 'support', 'sam@example.com', shopIdentity('crm-sam'));
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: first.chatId });
    expect(await alice.request({ query: { type: 'template', chatId: first.chatId, templateId: 'greeting' } })).toEqual({
      ok: true,
      text: 'Hi Sam, Alice from Support here. What went wrong?',
    });
    // Support reminds on every customer message.
    first.client.send({ type: 'command', ref: 'm', command: { type: 'message.send', text: 'My order is late' } });
    expect(await alice.next('reminder', (f) => f.chatId === first.chatId)).toMatchObject({ type: 'reminder' });
    await alice.command({ type: 'chat.setStatus', chatId: first.chatId, status: 'resolved' });
    await alice.command({ type: 'chat.close', chatId: first.chatId });

    const again = await startChat(server, 'Sam', 'support', 'SAM@example.com', shopIdentity('crm-sam'));
    await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === again.chatId));
    await alice.command({ type: 'offer.accept', chatId: again.chatId });
    const desk = await alice.next('desk', (f) => f.desk.chats.some((c) => c.chatId === again.chatId));
    expect(desk.desk.chats.find((c) => c.chatId === again.chatId)?.hasHistory).toBe(true);
    const page = await alice.request({ query: { type: 'history', chatId: again.chatId } });
    expect(page).toMatchObject({ ok: true, messages: [{ text: 'My order is late' }, { text: 'Alice joined the chat' }] });
    alice.close();
  });

  it('validates commands with the engine schema at the edge (bad-frame, not dispatched)', async () => {
    const alice = await signIn(server, 'alice');
    const result = await alice.command({ type: 'agent.pause', reason: 'x'.repeat(201), paid: true });
    expect(isError(result) && result.code).toBe('bad-frame');
    alice.close();
  });
});
