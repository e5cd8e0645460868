import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createManualClock } from 'chatroute';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntervalsAnswer } from '../../src/shared/webhooks';
import { DAY_MS } from '../../src/server/records/HostRecords';
import { pngBytes, shopIdentity, signIn, startChat, startTestServer, tempDir, testConfig, type TestClient, type TestServer } from './helpers';
import { until } from './webhookReceiver';

// Issue 18, the reference host's part of erasure, retention and reports: `contact.erase` from the admin API deletes
// the contact's uploaded files; RETENTION_DAYS prunes transcripts, records, intervals and files daily; the supervisor's
// interval reports come from `followReports` into the data folder's SQLite file.

const servers: TestServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestServer>[1] = {}, retentionDays?: number) {
  const dataDir = await tempDir();
  dirs.push(dataDir);
  const server = await startTestServer({ ...testConfig(), ...(retentionDays !== undefined ? { retentionDays } : {}) }, { dataDir, ...options });
  servers.push(server);
  return { server, dataDir };
}

const tokenOf = (client: TestClient): string => (client.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;

async function adminToken(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/api/admin/sign-in`, { method: 'POST', body: JSON.stringify({ user: 'admin', password: 'admin-demo' }) });
  return ((await response.json()) as { token: string }).token;
}

/** A customer's chat, accepted by Alice, with a file the customer sent in a message. */
async function chatWithFile(server: TestServer, alice: TestClient, name: string, contactId: string) {
  const customer = await startChat(server, name, 'sales', `${contactId}@example.com`, shopIdentity(contactId, { name }));
  await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === customer.chatId));
  await alice.command({ type: 'offer.accept', chatId: customer.chatId });
  const uploaded = await fetch(`${server.url}/api/uploads?name=${name}-passport.png`, { method: 'POST', headers: { Authorization: `Bearer ${customer.token}`, 'Content-Type': 'image/png' }, body: pngBytes });
  const { uploadId } = (await uploaded.json()) as { uploadId: string };
  await customer.client.command({ type: 'message.send', text: `${name} here`, uploads: [uploadId] });
  return { ...customer, uploadId };
}

describe('erasure in the host', () => {
  it('erases a contact from the admin API: the engine forgets them, and their uploaded files leave the data folder', async () => {
    const { server, dataDir } = await start();
    const alice = await signIn(server, 'alice');
    const eve = await chatWithFile(server, alice, 'Eve', 'crm-eve');
    const sam = await chatWithFile(server, alice, 'Sam', 'crm-sam');
    const uploads = join(dataDir, 'uploads');
    expect(existsSync(join(uploads, eve.uploadId))).toBe(true);

    expect((await fetch(`${server.url}/api/admin/contacts/site%3Ashop%3Acrm-eve/erase`, { method: 'POST' })).status).toBe(401);
    const token = await adminToken(server);
    const erased = await fetch(`${server.url}/api/admin/contacts/${encodeURIComponent('site:shop:crm-eve')}/erase`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ ok: true });

    await until(() => !existsSync(join(uploads, eve.uploadId)) && !existsSync(join(uploads, `${eve.uploadId}.json`)), "Eve's file deleted");
    expect((await fetch(`${server.url}/uploads/${eve.uploadId}`)).status).toBe(404);
    expect(server.engine.getChat(eve.chatId)?.customer.name).toBe('[erased]');
    // Nothing of Eve's file is left in the folder (its name lived in the metadata file); Sam's is untouched.
    const left = readdirSync(uploads).map((f) => readFileSync(join(uploads, f)).toString('latin1')).join('\n');
    expect(left).not.toContain('Eve-passport');
    expect(left).toContain('Sam-passport');
    expect((await fetch(`${server.url}/uploads/${sam.uploadId}`)).status).toBe(200);
    expect(server.context.records.stats()).toMatchObject({ erasedFiles: 1, eraserError: null });
  });
});

describe('retention (RETENTION_DAYS)', () => {
  it('prunes transcripts, contact records, intervals and files of chats older than the retention', async () => {
    const { server, dataDir } = await start({}, 1);
    const alice = await signIn(server, 'alice');
    const eve = await chatWithFile(server, alice, 'Eve', 'crm-eve');
    await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status: 'sold' });
    expect(await alice.command({ type: 'chat.close', chatId: eve.chatId })).toMatchObject({ ok: true });
    await server.context.records.caughtUp();
    const { reports } = server.context.records;
    expect(reports.contactRecords().map((r) => r.chatId)).toEqual([eve.chatId]);
    expect(server.engine.history('site:shop:crm-eve').messages.length).toBeGreaterThan(0);

    // A day later nothing is old enough yet; two days later everything of that chat is.
    const now = server.engine.clock.now();
    expect(await server.context.records.prune(now + DAY_MS / 2)).toMatchObject({ uploads: 0 });
    expect(reports.contactRecords()).toHaveLength(1);
    const pruned = await server.context.records.prune(now + 2 * DAY_MS);
    expect(pruned).toMatchObject({ uploads: 1, before: now + DAY_MS });
    expect(reports.contactRecords()).toEqual([]);
    expect(reports.queueIntervals({ from: 0, to: now + 3 * DAY_MS })).toEqual([]);
    expect(server.engine.history('site:shop:crm-eve').messages).toEqual([]);
    expect(existsSync(join(dataDir, 'uploads', eve.uploadId))).toBe(false);
  });

  it('runs by itself on the engine clock, once at start and then every day', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { server } = await start({ clock }, 30);
    clock.advanceBy(1);
    await until(() => server.context.records.stats().lastPrune !== null, 'the first prune');
    // The first run is due at start (delay 0), so it prunes as of then.
    expect(server.context.records.stats().lastPrune).toMatchObject({ at: Date.UTC(2026, 0, 5, 9), before: Date.UTC(2026, 0, 5, 9) - 30 * DAY_MS });
    clock.advanceBy(DAY_MS);
    await until(() => server.context.records.stats().lastPrune?.at === Date.UTC(2026, 0, 6, 9) + 1, 'the next day');
  });
});

describe('interval reports for supervisors', () => {
  it("answers today's 15-minute intervals of the supervisor's queues, matching the engine's own figures", async () => {
    const { server } = await start();
    const alice = await signIn(server, 'alice');
    const carol = await signIn(server, 'carol');
    const eve = await startChat(server, 'Eve', 'sales');
    await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === eve.chatId));
    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status: 'sold' });
    expect(await alice.command({ type: 'chat.close', chatId: eve.chatId })).toMatchObject({ ok: true });
    expect(await carol.command({ type: 'agent.pause', reason: 'Lunch', paid: true })).toMatchObject({ ok: true });
    expect(await alice.command({ type: 'agent.pause', reason: 'Lunch', paid: true })).toMatchObject({ ok: true });
    const sam = await startChat(server, 'Sam', 'support');
    await sam.client.command({ type: 'customer.leave' });
    await server.context.records.caughtUp();

    const now = server.engine.clock.now();
    const from = now - (now % DAY_MS);
    const ask = (token: string | undefined, query = `from=${from}&to=${from + DAY_MS}`) =>
      fetch(`${server.url}/api/reports/intervals?${query}`, { headers: token !== undefined ? { Authorization: `Bearer ${token}` } : {} });
    expect((await ask(undefined)).status).toBe(401);
    expect((await ask(tokenOf(alice))).status).toBe(403);
    expect((await ask(tokenOf(carol), `from=${from}&to=${from + 3 * DAY_MS}`)).status).toBe(400);
    const response = await ask(tokenOf(carol));
    expect(response.status).toBe(200);
    const day = (await response.json()) as IntervalsAnswer;
    expect(day.queues.map((q) => q.queueId).sort()).toEqual(['sales', 'support']);
    expect(day.intervalMs).toBe(15 * 60_000);
    expect(day.intervals.every((i) => i.start >= from && i.start < from + DAY_MS && i.start % day.intervalMs === 0)).toBe(true);

    const sum = (queueId: string, key: 'offered' | 'answered' | 'abandoned') => day.intervals.filter((i) => i.queueId === queueId).reduce((n, i) => n + i[key], 0);
    for (const stats of server.engine.stats()) {
      expect({ queue: stats.queueId, offered: sum(stats.queueId, 'offered'), answered: sum(stats.queueId, 'answered'), abandoned: sum(stats.queueId, 'abandoned') }).toEqual({
        queue: stats.queueId,
        offered: stats.offered,
        answered: stats.answered,
        abandoned: stats.abandoned,
      });
    }
    expect(sum('sales', 'answered')).toBe(1);
    expect(sum('support', 'abandoned')).toBe(1);
    const sales = day.intervals.find((i) => i.queueId === 'sales' && i.answered === 1);
    expect(sales?.asaMs).toBeGreaterThanOrEqual(0);
    expect(sales?.ahtMs).not.toBeNull();
  });
});
