import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostLimits } from '../../src/server/config';
import { isError, pngBytes, signIn, startChat, startTestServer, tempDir, testConfig, TestClient, type TestServer } from './helpers';

// Issue 10: abuse limits. Each limit is set low here and provoked; each refusal is typed.

const servers: TestServer[] = [];
let now = Date.now();
async function start(limits: Partial<HostLimits>, options: { dataDir?: string; now?: () => number } = {}): Promise<TestServer> {
  const server = await startTestServer(testConfig(limits), options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const upload = (server: TestServer, token: string, chatId: string, body: Buffer = pngBytes) =>
  fetch(`${server.url}/api/uploads?chatId=${chatId}&name=a.png`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' }, body });

/** An active chat of Eve with Alice (so both may upload). */
async function activeChat(server: TestServer) {
  const alice = await signIn(server, 'alice');
  const eve = await startChat(server, 'Eve');
  await alice.next('desk', (f) => f.desk.offers.length === 1);
  await alice.command({ type: 'offer.accept', chatId: eve.chatId });
  return { alice, eve };
}

describe('per-IP rates', () => {
  it('refuses WebSocket connections past the per-IP rate with 429 and Retry-After', async () => {
    const server = await start({ connectionsPerMinutePerIp: 1, connectionBurstPerIp: 3 });
    const open = await Promise.all([1, 2, 3].map(() => TestClient.connect(server.wsUrl)));
    await expect(TestClient.connect(server.wsUrl)).rejects.toThrow(/429/);
    for (const c of open) c.close();
  });

  it('refuses chat starts past the per-IP rate: rate-limited with retryAfterMs, close 4008', async () => {
    const server = await start({ chatStartsPerMinutePerIp: 1, chatStartBurstPerIp: 2 });
    await startChat(server, 'One');
    await startChat(server, 'Two');
    const third = await TestClient.connect(server.wsUrl);
    third.send({ type: 'hello', version: 1, auth: { role: 'customer', start: { queueId: 'sales', name: 'Three' } } });
    const refused = await third.next('error');
    expect(refused).toMatchObject({ code: 'rate-limited', message: expect.stringContaining('too many chats') });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect((await third.closed).code).toBe(4008);
    expect(server.engine.stats().find((s) => s.queueId === 'sales')?.waiting).toBe(2);
  });
});

describe('uploads', () => {
  it('holds a per-chat quota by count and by bytes (429 quota-exceeded)', async () => {
    const server = await start({ uploadsPerChat: 2, uploadBytesPerChat: 1_000 });
    const { eve } = await activeChat(server);
    expect((await upload(server, eve.token, eve.chatId)).status).toBe(201);
    expect((await upload(server, eve.token, eve.chatId)).status).toBe(201);
    const third = await upload(server, eve.token, eve.chatId);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'quota-exceeded', error: expect.stringContaining('2 files') });

    const bytes = await start({ uploadsPerChat: 10, uploadBytesPerChat: 100 });
    const other = await activeChat(bytes);
    expect((await upload(bytes, other.eve.token, other.eve.chatId)).status).toBe(201); // 72 bytes
    const over = await upload(bytes, other.eve.token, other.eve.chatId);
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ code: 'quota-exceeded' });
  });

  it('holds a per-IP quota across chats, by count and by bytes, with Retry-After', async () => {
    const server = await start({ uploadsPerHourPerIp: 2 });
    const first = await activeChat(server);
    const second = await startChat(server, 'Sam', 'support');
    await first.alice.next('desk', (f) => f.desk.offers.length === 1);
    await first.alice.command({ type: 'offer.accept', chatId: second.chatId });
    expect((await upload(server, first.eve.token, first.eve.chatId)).status).toBe(201);
    expect((await upload(server, second.token, second.chatId)).status).toBe(201);
    const refused = await upload(server, second.token, second.chatId);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: 'quota-exceeded', error: expect.stringContaining('an hour') });

    const bytes = await start({ uploadBytesPerHourPerIp: 100 });
    const chat = await activeChat(bytes);
    expect((await upload(bytes, chat.eve.token, chat.eve.chatId)).status).toBe(201);
    expect((await upload(bytes, chat.eve.token, chat.eve.chatId)).status).toBe(429);
  });

  it('deletes the part of an upload the client aborted mid-stream', async () => {
    const dataDir = await tempDir();
    const server = await start({}, { dataDir });
    const { eve } = await activeChat(server);
    const { port } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: `/api/uploads?chatId=${eve.chatId}&name=a.png`, headers: { Authorization: `Bearer ${eve.token}`, 'Content-Type': 'image/png', 'Content-Length': 20_000 } });
      req.on('error', () => resolve());
      req.write(Buffer.concat([pngBytes, Buffer.alloc(5_000, 1)]));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    await expect.poll(async () => (await readdir(join(dataDir, 'uploads')).catch(() => [])).length, { timeout: 3_000 }).toBe(0);
  });

  it('deletes orphans: never attached within the time, or of a chat that ended; keeps attached files', async () => {
    now = Date.now();
    const server = await start({ orphanUploadMs: 60_000 }, { now: () => now });
    const { alice, eve } = await activeChat(server);
    const sent = (await (await upload(server, eve.token, eve.chatId)).json()) as { uploadId: string; url: string };
    const orphan = (await (await upload(server, eve.token, eve.chatId)).json()) as { url: string };
    expect(await eve.client.command({ type: 'message.send', uploads: [sent.uploadId] })).toMatchObject({ ok: true });
    expect(await server.context.sweepUploads()).toBe(0);
    now += 61_000;
    expect(await server.context.sweepUploads()).toBe(1);
    expect((await fetch(`${server.url}${orphan.url}`)).status).toBe(404);
    expect((await fetch(`${server.url}${sent.url}`)).status).toBe(200);

    // A fresh unattached file of a chat that ended goes at once.
    const late = (await (await upload(server, tokenOf(alice), eve.chatId)).json()) as { url: string };
    await eve.client.command({ type: 'customer.leave' });
    await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status: 'sold' });
    await alice.command({ type: 'chat.close', chatId: eve.chatId });
    expect(await server.context.sweepUploads()).toBe(1);
    expect((await fetch(`${server.url}${late.url}`)).status).toBe(404);
    expect((await fetch(`${server.url}${sent.url}`)).status).toBe(200);
  });
});

const tokenOf = (client: TestClient): string => (client.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;

describe('transcripts of open chats', () => {
  it('refuses messages past maxMessagesPerChat (transcript-full) and sends only the newest transcriptWindow lines', async () => {
    const server = await start({ maxMessagesPerChat: 4, transcriptWindow: 2 });
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve');
    for (const text of ['one', 'two', 'three']) expect(await eve.client.command({ type: 'message.send', text })).toMatchObject({ ok: true });
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: eve.chatId }); // "Alice joined": the fourth line
    const transcript = await alice.next('transcript', (f) => f.chatId === eve.chatId);
    expect(transcript.messages.map((m) => m.text)).toEqual(['three', 'Alice joined the chat']);
    expect(transcript.omitted).toBe(2);
    expect(await eve.client.command({ type: 'message.send', text: 'five' })).toMatchObject({ ok: false, error: { code: 'transcript-full' } });
    expect(await alice.command({ type: 'message.send', chatId: eve.chatId, text: 'five' })).toMatchObject({ ok: false, error: { code: 'transcript-full' } });
    expect(server.engine.messages(eve.chatId)).toHaveLength(4);
  });
});

describe('Host header', () => {
  const get = (server: TestServer, host: string) =>
    new Promise<number>((resolve, reject) => {
      const { port } = new URL(server.url);
      request({ host: '127.0.0.1', port, path: '/api/queues', headers: { Host: host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });

  it('answers its own host:port and localhost, and 421 for any other Host (pages and WebSocket)', async () => {
    const server = await start({});
    const { port } = new URL(server.url);
    expect(await get(server, `127.0.0.1:${port}`)).toBe(200);
    expect(await get(server, `localhost:${port}`)).toBe(200);
    expect(await get(server, `evil.example:${port}`)).toBe(421);
    expect(await get(server, `localhost:${Number(port) + 1}`)).toBe(421);
    await expect(TestClient.connect(server.wsUrl, { Host: `evil.example:${port}` })).rejects.toThrow(/421/);
  });

  it('takes a configured allow-list instead', async () => {
    const server = await startTestServer({ ...testConfig(), allowedHosts: ['chat.example.com'] });
    servers.push(server);
    const { port } = new URL(server.url);
    expect(await get(server, 'chat.example.com')).toBe(200);
    expect(await get(server, `127.0.0.1:${port}`)).toBe(421);
  });
});

describe('sign-in throttling', () => {
  const tryPassword = async (server: TestServer, agentId: string, password: string) => {
    const client = await TestClient.connect(server.wsUrl);
    client.send({ type: 'hello', version: 1, auth: { role: 'agent', agentId, password } });
    const first = await client.waitFor((f) => f.type === 'welcome' || f.type === 'error');
    client.close();
    return first;
  };

  it('backs off per account at an address after the free failures: 429-style refusal before the password is checked, doubling', async () => {
    now = Date.now();
    const server = await start({ loginFreeFailuresPerAccount: 3, loginFreeFailuresPerIp: 100 }, { now: () => now });
    for (let i = 0; i < 3; i++) expect(await tryPassword(server, 'alice', 'wrong')).toMatchObject({ code: 'unauthorized' });
    // Blocked for 1 s: even the right password is refused, and says how long to wait.
    const blocked = await tryPassword(server, 'alice', 'alice-demo');
    expect(blocked).toMatchObject({ type: 'error', code: 'rate-limited', retryAfterMs: 1_000 });
    // Another account is not affected.
    expect(await tryPassword(server, 'bob', 'bob-demo')).toMatchObject({ type: 'welcome' });
    now += 1_001;
    expect(await tryPassword(server, 'alice', 'wrong')).toMatchObject({ code: 'unauthorized' });
    expect(await tryPassword(server, 'alice', 'alice-demo')).toMatchObject({ code: 'rate-limited', retryAfterMs: 2_000 });
    now += 2_001;
    expect(await tryPassword(server, 'alice', 'alice-demo')).toMatchObject({ type: 'welcome' });
    // A success clears the account's count.
    expect(await tryPassword(server, 'alice', 'wrong')).toMatchObject({ code: 'unauthorized' });
    expect(await tryPassword(server, 'alice', 'alice-demo')).toMatchObject({ type: 'welcome' });
  });

  it('backs off per IP across accounts, and throttles the admin sign-in with 429 and Retry-After', async () => {
    const server = await start({ loginFreeFailuresPerAccount: 100, loginFreeFailuresPerIp: 3 });
    for (const agentId of ['alice', 'bob', 'carol']) expect(await tryPassword(server, agentId, 'wrong')).toMatchObject({ code: 'unauthorized' });
    expect(await tryPassword(server, 'dave', 'whatever')).toMatchObject({ code: 'rate-limited' });
    const admin = await fetch(`${server.url}/api/admin/sign-in`, { method: 'POST', body: JSON.stringify({ user: 'admin', password: 'admin-demo' }) });
    expect(admin.status).toBe(429);
    expect(Number(admin.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await admin.json()).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
  });
});

it('still refuses frames of a closed sign-in (token revocation kept)', async () => {
  const server = await start({});
  const alice = await signIn(server, 'alice');
  const token = tokenOf(alice);
  alice.send({ type: 'signOut' });
  await alice.closed;
  const again = await TestClient.connect(server.wsUrl);
  again.send({ type: 'hello', version: 1, auth: { role: 'agent', token } });
  const refused = await again.next('error');
  expect(isError(refused) && refused.code).toBe('unauthorized');
});
