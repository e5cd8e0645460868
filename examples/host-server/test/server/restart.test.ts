import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostServer } from '../../src/server/createHostServer';
import { resolveDataDir } from '../../src/server/storage/dataDir';
import { UploadStore } from '../../src/server/storage/uploadStore';
import { hello, pngBytes, shopIdentity, signIn, startChat, startTestServer, tempDir, testConfig, type TestClient, type TestServer } from './helpers';

// Issue 8: the reference host survives restarts. A server started again on the same data folder goes on where the
// last one stopped: the engine recovers (journal + snapshot), sign-ins still work, uploads are still there.

const tokenOf = (client: TestClient): string => (client.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
const HOUR = 3_600_000;

let dataDir: string;
const servers: TestServer[] = [];
async function start(options: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const server = await startTestServer(testConfig(), { dataDir, ...options });
  servers.push(server);
  return server;
}
beforeEach(async () => {
  dataDir = await tempDir();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Alice signed in, Eve's chat in Sales accepted by Alice, a line each way. */
async function chatting(server: TestServer) {
  const alice = await signIn(server, 'alice');
  const eve = await startChat(server, 'Eve', 'sales', 'eve@example.com', shopIdentity('crm-eve'));
  await alice.next('desk', (f) => f.desk.offers.length === 1);
  await alice.command({ type: 'offer.accept', chatId: eve.chatId });
  await eve.client.command({ type: 'message.send', text: 'Before the restart' });
  await alice.command({ type: 'message.send', chatId: eve.chatId, text: 'Noted, Eve' });
  await eve.client.next('chat.message', (f) => f.message.text === 'Noted, Eve');
  return { alice, eve };
}

describe('a restart on the same data folder', () => {
  it('keeps the chat, its transcript and both sign-ins; messages go on both ways', async () => {
    const first = await start();
    const { alice, eve } = await chatting(first);
    const agentToken = tokenOf(alice);
    await first.close();
    await Promise.all([alice.closed, eve.client.closed]);

    const second = await start();
    expect(second.engine.getChat(eve.chatId)?.state).toBe('active');
    const desk = await hello(second, { role: 'agent', token: agentToken });
    expect(desk.welcomed).toBe(true);
    await desk.client.next('desk', (f) => f.desk.chats.some((c) => c.chatId === eve.chatId));
    const transcript = await desk.client.next('transcript', (f) => f.chatId === eve.chatId);
    expect(transcript.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Before the restart', 'Noted, Eve']));

    const widget = await hello(second, { role: 'customer', token: eve.token });
    expect(widget.welcomed).toBe(true);
    const lines = await widget.client.next('chat.transcript');
    expect(lines.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Before the restart', 'Noted, Eve']));
    expect((await widget.client.next('chat')).chat.state).toBe('active');

    await widget.client.command({ type: 'message.send', text: 'After the restart' });
    await desk.client.next('message', (f) => f.message.text === 'After the restart');
    await desk.client.command({ type: 'message.send', chatId: eve.chatId, text: 'Still here' });
    await widget.client.next('chat.message', (f) => f.message.text === 'Still here');

    // Chat ids go on from where they were: a new chat is not a second chat-1.
    const sam = await startChat(second, 'Sam', 'support');
    expect(sam.chatId).not.toBe(eve.chatId);
    expect(second.engine.getChat(eve.chatId)?.customer.name).toBe('Eve');
  });

  it('keeps uploads: the file is served, and its owner can still attach it in the same chat', async () => {
    const first = await start();
    const { eve } = await chatting(first);
    const response = await fetch(`${first.url}/api/uploads?name=photo.png`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${eve.token}`, 'Content-Type': 'image/png' },
      body: pngBytes,
    });
    const { uploadId } = (await response.json()) as { uploadId: string };
    await first.close();

    const second = await start();
    const served = await fetch(`${second.url}/uploads/${uploadId}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(pngBytes);
    const widget = await hello(second, { role: 'customer', token: eve.token });
    const sent = await widget.client.command({ type: 'message.send', uploads: [uploadId] });
    expect(sent).toMatchObject({ ok: true });
  });

  it('keeps history: "Load older messages" finds chats that ended before the restart', async () => {
    const first = await start();
    const { alice, eve } = await chatting(first);
    await eve.client.command({ type: 'customer.leave' });
    await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status: 'sold' });
    expect(await alice.command({ type: 'chat.close', chatId: eve.chatId })).toMatchObject({ ok: true });
    await alice.command({ type: 'agent.logout' }); // else the engine still counts her in, and offers her the next chat
    await first.close();

    const second = await start();
    const bob = await signIn(second, 'bob');
    const again = await startChat(second, 'Eve', 'sales', 'eve@example.com', shopIdentity('crm-eve'));
    await bob.next('desk', (f) => f.desk.offers.length === 1);
    await bob.command({ type: 'offer.accept', chatId: again.chatId });
    const page = await bob.request({ query: { type: 'history', chatId: again.chatId } });
    expect(page).toMatchObject({ ok: true });
    expect((page as unknown as { messages: Array<{ text: string }> }).messages.map((m) => m.text)).toContain('Before the restart');
  });
});

describe('sign-ins expire and are revoked', () => {
  let now = Date.now();
  const clock = { now: () => now };

  it('lapses an agent token after 12 h unused, slides while used, and ends after the maximum anyway', async () => {
    now = Date.now();
    const server = await start({ now: clock.now, sessions: { agentMaxMs: 30 * HOUR } });
    const token = tokenOf(await signIn(server, 'alice'));
    for (const hours of [11, 11]) {
      now += hours * HOUR;
      expect((await hello(server, { role: 'agent', token })).welcomed).toBe(true);
    }
    now += 11 * HOUR; // 33 h after sign-in: used within 12 h, but past the 30 h maximum
    const late = await hello(server, { role: 'agent', token });
    expect(late.welcomed).toBe(false);
    expect((await late.client.closed).code).toBe(4001);

    const idle = tokenOf(await signIn(server, 'bob'));
    now += 12 * HOUR + 1;
    expect((await hello(server, { role: 'agent', token: idle })).welcomed).toBe(false);
  });

  it('ends an open connection whose token lapsed, at its next frame', async () => {
    now = Date.now();
    const server = await start({ now: clock.now });
    const alice = await signIn(server, 'alice');
    now += 13 * HOUR;
    const answer = await alice.command({ type: 'agent.pause', reason: 'Break', paid: true });
    expect(answer).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect((await alice.closed).code).toBe(4001);
  });

  it("keeps a customer's token while the chat lives and for the grace period after it ended, not longer", async () => {
    now = Date.now();
    const server = await start({ now: clock.now, sessions: { customerGraceMs: HOUR, agentIdleMs: 100 * HOUR, agentMaxMs: 100 * HOUR } });
    const { alice, eve } = await chatting(server);
    now += 30 * HOUR; // a long chat: no expiry while it lives
    expect((await hello(server, { role: 'customer', token: eve.token })).welcomed).toBe(true);
    await eve.client.command({ type: 'customer.leave' });
    await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status: 'sold' });
    await alice.command({ type: 'chat.close', chatId: eve.chatId });
    const endedAt = server.engine.getChat(eve.chatId)?.endedAt ?? 0;
    now = endedAt + HOUR - 1;
    expect((await hello(server, { role: 'customer', token: eve.token })).welcomed).toBe(true);
    now = endedAt + HOUR + 1;
    expect((await hello(server, { role: 'customer', token: eve.token })).welcomed).toBe(false);
  });

  it('revokes the token at sign-out: other connections holding it close, and it stays revoked after a restart', async () => {
    const first = await start();
    const alice = await signIn(first, 'alice');
    const token = tokenOf(alice);
    const otherTab = await hello(first, { role: 'agent', token });
    expect(otherTab.welcomed).toBe(true);
    alice.send({ type: 'signOut' });
    expect((await alice.closed).code).toBe(1000);
    expect((await otherTab.client.closed).code).toBe(4001);
    expect((await hello(first, { role: 'agent', token })).welcomed).toBe(false);
    await first.close();
    const second = await start();
    expect((await hello(second, { role: 'agent', token })).welcomed).toBe(false);
  });

  it('keeps sign-ins as hashes only, in a file only its owner can read', async () => {
    const server = await start();
    const token = tokenOf(await signIn(server, 'alice'));
    const row = server.context.auth.sessions;
    expect(row.identify(token)).toEqual({ role: 'agent', agentId: 'alice' });
    const info = await stat(join(dataDir, 'chatroute.db'));
    expect(info.mode & 0o077).toBe(0);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(join(dataDir, 'chatroute.db'))).includes(Buffer.from(token))).toBe(false);
  });
});

describe('uploads and chat ids', () => {
  it('never lets a later chat under the same id attach an earlier chat\'s file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chatroute-uploads-'));
    try {
      const store = new UploadStore({ dir, maxBytes: 1024, types: ['image/png'] });
      const saved = await store.save(Readable.from([pngBytes]), { chatId: 'chat-1', chatStartedAt: 1_000, owner: 'customer', name: 'a.png', mimeType: 'image/png' });
      if ('status' in saved) throw new Error(saved.message);
      expect(store.attachments([saved.id], { id: 'chat-1', enqueuedAt: 1_000 }, 'customer')).toHaveLength(1);
      // Read back from disk, as after a restart, by a chat that reuses the id (an engine that lost its state).
      const reopened = new UploadStore({ dir, maxBytes: 1024, types: ['image/png'] });
      expect(reopened.attachments([saved.id], { id: 'chat-1', enqueuedAt: 9_000 }, 'customer')).toMatch(/not yours/);
      expect(reopened.attachments([saved.id], { id: 'chat-1', enqueuedAt: 1_000 }, 'customer')).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('data folder', () => {
  it('defaults to ./data under the working folder; a relative DATA_DIR is read from where npm was run', () => {
    expect(resolveDataDir({}, '/srv/host')).toBe('/srv/host/data');
    expect(resolveDataDir({ DATA_DIR: '/var/lib/chatroute' }, '/srv/host')).toBe('/var/lib/chatroute');
    expect(resolveDataDir({ DATA_DIR: 'state', INIT_CWD: '/home/me/repo' }, '/home/me/repo/examples/host-server')).toBe('/home/me/repo/state');
  });

  it('runs in memory without one, and leaves nothing behind', async () => {
    const server = await startHostServer({ config: testConfig(), port: 0 });
    const alice = await signIn({ wsUrl: `${server.url.replace(/^http/, 'ws')}/ws` }, 'alice');
    expect(alice.desk?.agent.state).toBe('ready');
    await server.close();
    expect(existsSync(join(dataDir, 'chatroute.db'))).toBe(false);
  });
});
