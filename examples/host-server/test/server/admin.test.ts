import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminConfiguration, AdminResult } from '../../src/shared/admin';
import { hello, signIn, startChat, startTestServer, tempDir, testConfig, type TestServer } from './helpers';

// The admin API changes queues and agents while the contact center runs, through the engine's journaled
// configuration commands. Only the admin account may; every refusal comes back typed.

let server: TestServer;
let dataDir: string;
beforeEach(async () => {
  dataDir = await tempDir();
  server = await startTestServer(testConfig(), { dataDir });
});
afterEach(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function api(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: AdminResult<AdminConfiguration & { token: string }> }> {
  const response = await fetch(`${server.url}/api/admin/${path}`, {
    method,
    headers: { ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as AdminResult<AdminConfiguration & { token: string }> };
}

async function adminToken(): Promise<string> {
  const { body } = await api('POST', 'sign-in', undefined, { user: 'admin', password: 'admin-demo' });
  if (!body.ok) throw new Error(body.error.message);
  return body.token;
}

const billing = { id: 'billing', name: 'Billing', offerTimeoutMs: 15_000, closeStatuses: ['paid', 'refunded'], strategy: 'round-robin' };

describe('admin authentication', () => {
  it('refuses every endpoint without the admin token, a wrong password, or an agent token', async () => {
    expect((await api('GET', 'configuration')).status).toBe(401);
    expect((await api('POST', 'queues', undefined, billing)).status).toBe(401);
    expect((await api('DELETE', 'agents/bob')).status).toBe(401);
    const wrong = await api('POST', 'sign-in', undefined, { user: 'admin', password: 'alice-demo' });
    expect(wrong).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    expect((await api('POST', 'sign-in', undefined, { user: 'alice', password: 'alice-demo' })).status).toBe(401);
    const alice = await signIn(server, 'alice');
    const agentToken = (alice.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
    expect((await api('GET', 'configuration', agentToken)).status).toBe(401);
    expect(server.engine.stats().map((s) => s.queueId)).not.toContain('billing');
  });

  it('does not take an admin token as an agent token, and revokes it at sign-out', async () => {
    const token = await adminToken();
    expect((await hello(server, { role: 'agent', token })).welcomed).toBe(false);
    expect((await api('GET', 'configuration', token)).status).toBe(200);
    expect((await api('POST', 'sign-out', token)).status).toBe(200);
    expect((await api('GET', 'configuration', token)).status).toBe(401);
  });
});

describe('queues', () => {
  it('lists the configuration, creates and changes a queue; the engine and the start form see it', async () => {
    const token = await adminToken();
    const listed = await api('GET', 'configuration', token);
    expect(listed.body.ok && listed.body.queues.map((q) => q.id)).toEqual(['sales', 'support']);
    expect(listed.body.ok && listed.body.agents.map((a) => [a.config.id, a.state, a.hasPassword])).toEqual([
      ['alice', 'offline', true],
      ['bob', 'offline', true],
      ['carol', 'offline', true],
    ]);

    const created = await api('POST', 'queues', token, billing);
    expect(created.status).toBe(200);
    expect(server.engine.stats().map((s) => s.queueId)).toContain('billing');
    const queues = (await (await fetch(`${server.url}/api/queues`)).json()) as Array<{ id: string; name: string }>;
    expect(queues).toContainEqual({ id: 'billing', name: 'Billing' });

    const renamed = await api('POST', 'queues', token, { ...billing, name: 'Billing & refunds' });
    expect(renamed.body.ok && renamed.body.queues.find((q) => q.id === 'billing')?.name).toBe('Billing & refunds');
    // A chat started there carries the new name.
    const eve = await startChat(server, 'Eve', 'billing');
    expect(server.engine.getChat(eve.chatId)?.queue).toEqual({ id: 'billing', name: 'Billing & refunds' });
  });

  it('refuses bad input with a typed reason and changes nothing', async () => {
    const token = await adminToken();
    const noStatuses = await api('POST', 'queues', token, { id: 'billing', name: 'Billing', closeStatuses: [] });
    expect(noStatuses).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid-command' } } });
    const unknownField = await api('POST', 'queues', token, { ...billing, colour: 'red' });
    expect(unknownField).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid-command' } } });
    expect((await api('POST', 'queues', token, '{not json')).body).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect((await api('POST', 'queues', token, [1, 2])).status).toBe(400);
    expect((await api('POST', 'queues', token, { id: 'x', name: 'x'.repeat(70_000), closeStatuses: ['a'] })).status).toBe(413);
    expect(server.engine.stats().map((s) => s.queueId)).toEqual(['sales', 'support']);
  });

  it('refuses to remove a queue while a chat waits in it, then removes it', async () => {
    const token = await adminToken();
    await api('POST', 'queues', token, billing);
    const eve = await startChat(server, 'Eve', 'billing');
    const refused = await api('DELETE', 'queues/billing', token);
    expect(refused).toMatchObject({ status: 409, body: { ok: false, error: { code: 'invalid-state' } } });
    eve.client.send({ type: 'command', ref: 'bye', command: { type: 'customer.leave' } });
    await eve.client.next('result', (f) => f.ref === 'bye');
    const removed = await api('DELETE', 'queues/billing', token);
    expect(removed.status).toBe(200);
    expect(server.engine.stats().map((s) => s.queueId)).not.toContain('billing');
    expect((await api('DELETE', 'queues/billing', token)).status).toBe(404);
  });
});

describe('agents', () => {
  it('creates an agent with a password (new agents need one), who signs in and gets chats of their queue', async () => {
    const token = await adminToken();
    const dave = { id: 'dave', name: 'Dave', capacity: 2, queues: [{ queueId: 'sales', penalty: 1 }, 'support'] };
    expect((await api('POST', 'agents', token, { agent: dave })).body).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect((await api('POST', 'agents', token, { agent: dave, password: 'short' })).status).toBe(400);
    expect((await api('POST', 'agents', token, { agent: { ...dave, capacity: 0 }, password: 'dave-secret' })).body).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect((await api('POST', 'agents', token, { agent: { ...dave, queues: ['nowhere'] }, password: 'dave-secret' })).status).toBeGreaterThanOrEqual(400);
    expect(server.engine.getAgent('dave')).toBeUndefined();

    expect((await api('POST', 'agents', token, { agent: dave, password: 'dave-secret' })).status).toBe(200);
    expect(server.engine.getAgent('dave')).toMatchObject({ name: 'Dave', capacity: 2 });
    expect(server.engine.getAgent('dave')?.queues.map((q) => [q.queueId, q.penalty])).toEqual([
      ['sales', 1],
      ['support', 0],
    ]);
    const desk = await signIn(server, 'dave', 'dave-secret');
    const eve = await startChat(server, 'Eve', 'support');
    await desk.next('desk', (f) => f.desk.offers.some((o) => o.chatId === eve.chatId));
  });

  it('changes an agent; a new password signs out the old sign-ins', async () => {
    const token = await adminToken();
    const bob = await signIn(server, 'bob');
    const changed = await api('POST', 'agents', token, { agent: { id: 'bob', name: 'Robert', capacity: 1, queues: ['sales'], supervises: ['sales'] } });
    expect(changed.status).toBe(200);
    expect(server.engine.getAgent('bob')).toMatchObject({ name: 'Robert', capacity: 1 });
    expect(bob.ws.readyState).toBe(bob.ws.OPEN); // no password change: still signed in
    await api('POST', 'agents', token, { agent: { id: 'bob', name: 'Robert', capacity: 1, queues: ['sales'] }, password: 'robert-new' });
    expect((await bob.closed).code).toBe(4001);
    expect((await hello(server, { role: 'agent', agentId: 'bob', password: 'bob-demo' })).welcomed).toBe(false);
    expect((await hello(server, { role: 'agent', agentId: 'bob', password: 'robert-new' })).welcomed).toBe(true);
  });

  it('refuses to remove a signed-in agent; once offline, removes them and their sign-ins', async () => {
    const token = await adminToken();
    const carol = await signIn(server, 'carol');
    expect(await api('DELETE', 'agents/carol', token)).toMatchObject({ status: 409, body: { ok: false, error: { code: 'invalid-state' } } });
    await carol.command({ type: 'agent.logout' });
    const removed = await api('DELETE', 'agents/carol', token);
    expect(removed.status).toBe(200);
    expect(removed.body.ok && removed.body.agents.map((a) => a.config.id)).toEqual(['alice', 'bob']);
    expect(server.engine.getAgent('carol')).toBeUndefined();
    expect((await carol.closed).code).toBe(4001);
    expect((await hello(server, { role: 'agent', agentId: 'carol', password: 'carol-demo' })).welcomed).toBe(false);
  });

  it('keeps runtime changes across a restart: the journaled configuration wins over the seed', async () => {
    const token = await adminToken();
    await api('POST', 'queues', token, billing);
    await api('POST', 'agents', token, { agent: { id: 'dave', name: 'Dave', capacity: 2, queues: ['billing'] }, password: 'dave-secret' });
    await server.close();
    server = await startTestServer(testConfig(), { dataDir });
    expect(server.engine.stats().map((s) => s.queueId)).toEqual(['sales', 'support', 'billing']);
    expect(server.engine.getAgent('dave')?.name).toBe('Dave');
    expect((await hello(server, { role: 'agent', agentId: 'dave', password: 'dave-secret' })).welcomed).toBe(true);
    const listed = await api('GET', 'configuration', await adminToken());
    expect(listed.body.ok && listed.body.queues.map((q) => q.id)).toEqual(['sales', 'support', 'billing']);
  });
});

describe('queue numbers (issue 10)', () => {
  it('keeps the number the chat header shows, refuses a bad one, and tells desks in welcome', async () => {
    const token = await adminToken();
    expect((await api('POST', 'queues', token, { ...billing, number: 0 })).body).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const saved = await api('POST', 'queues', token, { ...billing, number: 42 });
    expect(saved.status).toBe(200);
    expect(saved.body.ok && saved.body.queues.find((q) => q.id === 'billing')).toMatchObject({ number: 42 });
    const alice = await signIn(server, 'alice');
    const welcome = await alice.next('welcome');
    // Demo queues are numbered in creation order unless configured; billing has its own number.
    expect(welcome.session.role === 'agent' && welcome.session.queueNumbers).toEqual({ sales: 1, support: 2, billing: 42 });
    alice.close();
  });
});
