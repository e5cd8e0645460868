import { rm } from 'node:fs/promises';
import { createEngine, type EngineEvent } from 'chatroute';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetterListing, WebhookCreated, WebhookListing } from '../../src/shared/webhooks';
import type { WebhookStats } from '../../src/server/webhooks/Webhooks';
import { backoffMs } from '../../src/server/webhooks/deliver';
import { signatureHeader, verifySignature } from '../../src/server/webhooks/signature';
import { signIn, startChat, startTestServer, tempDir, testConfig, type TestServer } from './helpers';
import { until, WebhookReceiver } from './webhookReceiver';

// Issue 18, the reference host's webhooks: deliveries read from the engine's event log, signed, in order per
// subscription, retried with back-off through failures and timeouts, dead-lettered after N attempts and replayed
// from the admin API; a subscription behind the log's retention is marked, never skipped silently.

const SECRET = 'webhook-test-secret-0123456789';
// A generous timeout: only the scripted hang may time out, never a slow answer on a loaded machine.
const fast = { maxAttempts: 10, baseBackoffMs: 40, maxBackoffMs: 300, timeoutMs: 3_000, idlePollMs: 300 };

const servers: TestServer[] = [];
const receivers: WebhookReceiver[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const receiver of receivers.splice(0)) await receiver.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function start(policy: Partial<typeof fast> = {}, options: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const server = await startTestServer({ ...testConfig(), webhooks: { ...fast, ...policy } }, options);
  servers.push(server);
  return server;
}
async function receiver(): Promise<WebhookReceiver> {
  const r = await WebhookReceiver.start();
  r.secret = SECRET;
  receivers.push(r);
  return r;
}

async function admin<T>(server: TestServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const signIn = await fetch(`${server.url}/api/admin/sign-in`, { method: 'POST', body: JSON.stringify({ user: 'admin', password: 'admin-demo' }) });
  const { token } = (await signIn.json()) as { token: string };
  const response = await fetch(`${server.url}/api/admin/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Every event after `cursor`, as the log holds them: what a subscription must deliver. */
async function logAfter(server: TestServer, cursor: number): Promise<EngineEvent[]> {
  const page = await server.engine.eventsAfter(cursor, { limit: 10_000 });
  if (!page.ok) throw new Error(page.error.message);
  return [...page.events];
}

/** Some routing: Alice signs in, two customers start chats, she takes one and they talk. */
async function traffic(server: TestServer, tag: string) {
  const alice = await signIn(server, 'alice');
  const eve = await startChat(server, `Eve ${tag}`, 'sales');
  await alice.next('desk', (f) => f.desk.offers.length === 1);
  await alice.command({ type: 'offer.accept', chatId: eve.chatId });
  await eve.client.command({ type: 'message.send', text: `Hello from ${tag}` });
  await alice.command({ type: 'message.send', chatId: eve.chatId, text: `Hi, ${tag}` });
  await startChat(server, `Sam ${tag}`, 'support');
  return { alice, eve };
}

describe('webhook deliveries', () => {
  it('survive 500s and a timeout: every event delivered once, in order, byte for byte, signed; the filter holds', async () => {
    const server = await start();
    const flaky = await receiver();
    const filtered = await receiver();
    // 500, 500, no answer at all (the attempt times out), 500, then the receiver is healthy.
    flaky.behaviour = (_r, i) => (i === 0 || i === 1 || i === 3 ? 500 : i === 2 ? 'hang' : 200);
    const created = await admin<WebhookCreated>(server, 'POST', 'webhooks', { url: flaky.url, secret: SECRET });
    expect(created).toMatchObject({ status: 200, body: { ok: true, secret: SECRET } });
    const narrow = await admin<WebhookCreated>(server, 'POST', 'webhooks', { url: filtered.url, secret: SECRET, types: ['chat.queued', 'message.sent'] });
    const cursor = created.body.webhooks.find((w) => w.id === created.body.id)?.cursor ?? -1;
    expect(cursor).toBeGreaterThanOrEqual(0);

    await traffic(server, 'one');
    const first = await logAfter(server, cursor);
    expect(first.length).toBeGreaterThan(5);
    await until(() => flaky.delivered.length >= first.length, `${first.length} deliveries (have ${flaky.delivered.length})`, 60_000);
    // What routing did meanwhile (an offer to the next agent, ...) is delivered too: compare with the log as it is now.
    const expected = await logAfter(server, cursor);
    await until(() => flaky.delivered.length >= expected.length, 'the later events', 60_000);

    // Every event once (no crash: no duplicate), in seq order, exactly as the log holds it, signed with the secret.
    expect(flaky.delivered.map((r) => r.seq)).toEqual(expected.map((e) => e.seq));
    expect(flaky.delivered.map((r) => r.body)).toEqual(expected.map((e) => JSON.stringify(e)));
    expect(flaky.delivered.map((r) => r.type)).toEqual(expected.map((e) => e.type));
    expect(flaky.requests.every((r) => r.signatureOk)).toBe(true);
    // One in flight: attempts never go back to an earlier event once a later one was tried.
    const attempted = flaky.requests.map((r) => r.seq);
    expect(attempted).toEqual([...attempted].sort((a, b) => a - b));
    expect(attempted.slice(0, 5)).toEqual(Array(5).fill(expected[0]?.seq));

    const wanted = expected.filter((e) => e.type === 'chat.queued' || e.type === 'message.sent');
    await until(() => filtered.delivered.length >= wanted.length, 'the filtered deliveries');
    expect(filtered.delivered.map((r) => r.seq)).toEqual(wanted.map((e) => e.seq));
    await until(() => (server.context.webhooks.list().find((w) => w.id === narrow.body.id)?.cursor ?? 0) >= (expected.at(-1)?.seq ?? 0), 'the filtered cursor past skipped events');

    const stats = server.context.webhooks.webhookStats();
    const mine = stats.subscriptions.find((s) => s.id === created.body.id);
    expect(mine).toMatchObject({ delivered: expected.length, failedAttempts: 4, timeouts: 1, deadLetters: 0, lag: 0, inFlightSeq: null });
    expect(stats.totals.delivered).toBe(expected.length + wanted.length);
  }, 90_000);

  it('dead-letters an event after N attempts, goes on with the next, and replays one or all from the admin API', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    let server = await start({ maxAttempts: 3 }, { dataDir });
    const hook = await receiver();
    let broken = true;
    hook.behaviour = (r) => (broken && r.type === 'chat.queued' ? 500 : 200);
    const created = await admin<WebhookCreated>(server, 'POST', 'webhooks', { url: hook.url, secret: SECRET });
    const id = created.body.id;
    const cursor = created.body.webhooks[0]?.cursor ?? 0;
    await traffic(server, 'dead');
    const expected = await logAfter(server, cursor);
    const queued = expected.filter((e) => e.type === 'chat.queued').map((e) => e.seq);
    expect(queued.length).toBe(2);
    await until(() => hook.delivered.length >= expected.length - 2, 'every other event delivered');
    expect(hook.delivered.map((r) => r.seq)).toEqual(expected.map((e) => e.seq).filter((s) => !queued.includes(s)));
    expect(hook.requests.filter((r) => r.seq === queued[0]).length).toBe(3);

    const letters = await admin<DeadLetterListing>(server, 'GET', `webhooks/${id}/dead-letters`);
    expect(letters.body.deadLetters).toMatchObject(queued.map((seq) => ({ seq, type: 'chat.queued', attempts: 3, error: 'HTTP 500', replaying: false })));
    const listed = await admin<WebhookListing>(server, 'GET', 'webhooks');
    expect(listed.body.webhooks[0]).toMatchObject({ id, deadLetters: 2, secretHint: `…${SECRET.slice(-4)}` });
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);

    // Dead letters and the cursor survive a restart.
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    server = await start({ maxAttempts: 3 }, { dataDir });
    expect((await admin<DeadLetterListing>(server, 'GET', `webhooks/${id}/dead-letters`)).body.deadLetters.map((d) => d.seq)).toEqual(queued);

    broken = false;
    const before = hook.requests.length;
    expect((await admin(server, 'POST', `webhooks/${id}/dead-letters/${queued[0]}/replay`)).body).toMatchObject({ ok: true, queued: 1 });
    await until(() => hook.delivered.some((r) => r.seq === queued[0]), 'the first replay');
    expect((await admin<DeadLetterListing>(server, 'GET', `webhooks/${id}/dead-letters`)).body.deadLetters.map((d) => d.seq)).toEqual([queued[1]]);
    expect((await admin(server, 'POST', `webhooks/${id}/dead-letters/replay`)).body).toMatchObject({ ok: true, queued: 1 });
    await until(() => hook.delivered.some((r) => r.seq === queued[1]), 'the replay of all');
    await until(() => server.context.webhooks.list()[0]?.deadLetters === 0, 'no dead letter left');
    const replayed = hook.requests.slice(before);
    expect(replayed.map((r) => r.seq)).toEqual(queued);
    expect(replayed.map((r) => r.body)).toEqual(queued.map((seq) => JSON.stringify(expected.find((e) => e.seq === seq))));
    expect((await admin(server, 'POST', `webhooks/${id}/dead-letters/${queued[0]}/replay`)).status).toBe(404);
  }, 90_000);

  it('marks a subscription behind the retention instead of skipping, and resumes only when told', async () => {
    const config = testConfig();
    // An engine that keeps only 5 events (in memory): easy to fall behind.
    const server = await start({}, { openEngine: async () => createEngine({ queues: config.queues, agents: config.agents, eventRetention: 5 }) });
    const hook = await receiver();
    const created = await admin<WebhookCreated>(server, 'POST', 'webhooks', { url: hook.url, secret: SECRET, enabled: false });
    const id = created.body.id;
    await traffic(server, 'behind');
    for (let i = 1; i <= 12; i += 1) await admin(server, 'POST', 'queues', { id: 'billing', name: 'Billing', closeStatuses: ['paid'], offerTimeoutMs: 10_000 + i });
    expect((await admin(server, 'POST', `webhooks/${id}`, { enabled: true })).status).toBe(200);
    await until(() => server.context.webhooks.list()[0]?.behind !== undefined, 'the subscription marked behind');
    const view = server.context.webhooks.list()[0];
    expect(hook.requests).toEqual([]);
    expect(server.context.webhooks.webhookStats().totals.behind).toBe(1);
    const resumed = await admin<{ ok: boolean; cursor: number }>(server, 'POST', `webhooks/${id}/resume`);
    expect(resumed.body).toMatchObject({ ok: true, cursor: (view?.behind?.oldestSeq ?? 0) - 1 });
    await until(() => hook.delivered.length > 0 && server.context.webhooks.webhookStats().subscriptions[0]?.lag === 0, 'delivery from the oldest kept');
    expect(hook.delivered[0]?.seq).toBe(view?.behind?.oldestSeq);
    expect((await admin(server, 'POST', `webhooks/${id}/resume`)).status).toBe(409);
  }, 90_000);

  it('lets routing go on while every receiver hangs: deliveries wait in the log, one in flight per subscription', async () => {
    const server = await start({ timeoutMs: 60_000 });
    const dead = await receiver();
    dead.behaviour = () => 'hang';
    for (let i = 0; i < 5; i += 1) await admin(server, 'POST', 'webhooks', { url: dead.url, secret: SECRET });
    // The whole routing flow completes (each step waits for the server's frames) while no delivery is answered.
    const { alice, eve } = await traffic(server, 'hung');
    await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status: 'sold' });
    expect(await alice.command({ type: 'chat.close', chatId: eve.chatId })).toMatchObject({ ok: true });
    await until(() => dead.requests.length === 5, 'one request per subscription');
    const stats = server.context.webhooks.webhookStats();
    const first = dead.requests[0]?.seq;
    expect(stats.subscriptions.map((s) => s.inFlightSeq)).toEqual(Array(5).fill(first));
    expect(stats.subscriptions.every((s) => s.lag > 5)).toBe(true);
    expect(dead.requests.every((r) => r.seq === first)).toBe(true);
  }, 90_000);

  it('refuses bad input with typed codes, and only for the admin', async () => {
    const server = await start();
    expect((await fetch(`${server.url}/api/admin/webhooks`)).status).toBe(401);
    expect((await admin<{ error: { code: string } }>(server, 'POST', 'webhooks', { url: 'ftp://example.com' })).body.error.code).toBe('bad-request');
    expect((await admin<{ error: { code: string } }>(server, 'POST', 'webhooks', { url: 'http://127.0.0.1:9/x', secret: 'short' })).status).toBe(400);
    expect((await admin<{ error: { code: string } }>(server, 'POST', 'webhooks', { url: 'http://127.0.0.1:9/x', types: ['Not A Type!'] })).status).toBe(400);
    expect((await admin<{ error: { code: string } }>(server, 'POST', 'webhooks', { url: 'http://127.0.0.1:9/x', extra: 1 })).status).toBe(400);
    expect((await admin<{ error: { code: string } }>(server, 'POST', 'webhooks/wh-nope', { enabled: false })).body.error.code).toBe('not-found');
    expect((await admin(server, 'DELETE', 'webhooks/wh-nope')).status).toBe(404);
    const made = await admin<WebhookCreated>(server, 'POST', 'webhooks', { url: 'http://127.0.0.1:9/x' });
    expect(made.body.secret.length).toBeGreaterThanOrEqual(32);
    expect((await admin<WebhookListing>(server, 'DELETE', `webhooks/${made.body.id}`)).body.webhooks).toEqual([]);
    expect((await admin<WebhookStats & { ok: boolean }>(server, 'GET', 'webhooks/stats')).body).toMatchObject({ ok: true, totals: { subscriptions: 0 } });
  });
});

describe('signatures and back-off', () => {
  it('verifies its own signature, and refuses a changed body, another secret, a stale time or garbage', () => {
    const body = '{"seq":1,"type":"chat.closed"}';
    const header = signatureHeader(SECRET, 1_000_000, body);
    expect(header).toMatch(/^t=1000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, header, body, 1_000_000)).toEqual({ ok: true, t: 1_000_000 });
    expect(verifySignature(SECRET, header, body.replace('1', '2'), 1_000_000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('another-secret-of-some-length', header, body, 1_000_000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(SECRET, header, body, 1_000_000 + 10 * 60_000)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(SECRET, 'v1=abc', body, 1_000_000)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('backs off exponentially with full jitter, up to the cap', () => {
    const policy = { baseBackoffMs: 1_000, maxBackoffMs: 60_000 };
    expect([1, 2, 3, 4].map((a) => backoffMs(a, policy, () => 0.999))).toEqual([999, 1998, 3996, 7992]);
    expect(backoffMs(20, policy, () => 0.5)).toBe(30_000);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });
});
