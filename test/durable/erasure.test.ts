import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createManualClock, type ChatView, type EngineEvent } from 'chatroute';
import { followReports } from 'chatroute/reports';
import { replayJournal } from 'chatroute/replay';
import { createSqliteHistory, createSqliteReportStore, createSqliteStore } from 'chatroute/sqlite';

// Issue 18: after contact.erase, no byte of the erased contact's data is in any file the store writes, and replay
// still answers every other query byte for byte.
const SECRETS = ['Evelyn Secretname', 'evelyn@secret.example', 'my card 4111 SECRET', 'passport-SECRET.pdf', 'https://files.example/SECRET'];
const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['done'] }];
const agents = [{ id: 'alice', name: 'Alice', capacity: 3, queues: ['sales'] }];
const dir = mkdtempSync(join(tmpdir(), 'chatroute-erasure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function filesContain(text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return readdirSync(dir).filter((f) => readFileSync(join(dir, f)).includes(needle));
}

describe('contact.erase (issue 18)', () => {
  it('erases the contact from state, history, events, reports and every file, survives a crash, and leaves every other chat as it was', async () => {
    const path = join(dir, 'center.db');
    let clock = createManualClock(0);
    const open = () => createEngine({ clock, queues, agents, store: createSqliteStore({ path }), history: createSqliteHistory({ path }), snapshotEvery: 10_000 });
    let engine = open();
    const reports = createSqliteReportStore({ path });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const chat = (name: string, contactId: string, email: string, text: string, file?: boolean) => {
      const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name, contactId, email } });
      if (!r.ok) throw new Error(r.error.message);
      engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: r.chatId });
      engine.dispatch({
        type: 'message.send',
        chatId: r.chatId,
        from: { kind: 'customer' },
        text,
        ...(file ? { attachments: [{ name: 'passport-SECRET.pdf', size: 10, mimeType: 'application/pdf', url: 'https://files.example/SECRET' }] } : {}),
      });
      clock.advanceBy(1_000);
      return r.chatId;
    };
    const eveOld = chat('Evelyn Secretname', 'c-eve', 'evelyn@secret.example', 'my card 4111 SECRET', true);
    const sam = chat('Sam Keepname', 'c-sam', 'sam@keep.example', 'keep this line');
    for (const chatId of [eveOld, sam]) {
      engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId });
    }
    const eveLive = chat('Evelyn Secretname', 'c-eve', 'evelyn@secret.example', 'my card 4111 SECRET');
    let follower = followReports(engine, reports);
    await follower.caughtUp();
    const samView = JSON.stringify(engine.getChat(sam));
    const samMessages = JSON.stringify(engine.messages(sam));
    expect(filesContain('Evelyn Secretname').length).toBeGreaterThan(0); // the premise: it was written

    const erased = engine.dispatch({ type: 'contact.erase', contactId: 'c-eve' });
    expect(erased.ok).toBe(true);
    await follower.caughtUp();
    follower.stop();
    // While everything still runs (the files open, nothing closed or checkpointed by a shutdown), no file holds it.
    for (const secret of SECRETS) expect(filesContain(secret), `${secret}, running`).toEqual([]);
    // A crash right after: the engine is dropped; a new one recovers from the file.
    clock = createManualClock(clock.now());
    engine = open();
    follower = followReports(engine, reports);
    await follower.caughtUp();

    for (const chatId of [eveOld, eveLive]) {
      expect(engine.getChat(chatId)?.customer).toEqual({ name: '[erased]', contactId: 'c-eve' });
      for (const m of engine.messages(chatId)) if (m.from.kind !== 'system') expect(m.text).toBe('[erased]');
    }
    expect(engine.history('c-eve').messages).toEqual([]);
    expect(JSON.stringify(engine.getChat(sam))).toBe(samView);
    expect(JSON.stringify(engine.messages(sam))).toBe(samMessages);
    expect(engine.history('c-sam').messages.map((m) => m.text)).toContain('keep this line');
    // The live chat goes on.
    expect(engine.dispatch({ type: 'message.send', chatId: eveLive, from: { kind: 'agent', agentId: 'alice' }, text: 'still here' }).ok).toBe(true);

    const page = await engine.eventsAfter(0, { limit: 10_000 });
    if (!page.ok) throw new Error(page.error.message);
    const text = JSON.stringify(page.events);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(page.events.some((e: EngineEvent) => e.type === 'contact.erased')).toBe(true);
    expect(text).toContain('Sam Keepname');
    const records = reports.contactRecords();
    expect(records.find((r) => r.chatId === eveOld)?.customer).toEqual({ name: '[erased]', contactId: 'c-eve' });
    expect(records.find((r) => r.chatId === sam)?.customer.name).toBe('Sam Keepname');

    // Replay to any entry the journal still holds: the contact stays erased; the other chat answers as it did.
    for (const to of [undefined, 1]) {
      const replay = replayJournal({ journal: createSqliteStore({ path }), ...(to !== undefined ? { to: (await replaySeqs(path))[0] ?? 0 } : {}) });
      const view = replay.engine.getChat(eveOld) as ChatView;
      expect(view.customer.name).toBe('[erased]');
      expect(JSON.stringify(replay.engine.getChat(sam))).toBe(samView);
      replay.engine.stop();
    }

    follower.stop();
    engine.stop();
    reports.close();
    for (const secret of SECRETS) expect(filesContain(secret), secret).toEqual([]);
    expect(filesContain('Sam Keepname').length).toBeGreaterThan(0);
  });
});

/** The journal entries a store still holds after its snapshot. */
async function replaySeqs(path: string): Promise<number[]> {
  const store = createSqliteStore({ path });
  const seqs = [...store.load().entries].map((e) => e.seq);
  store.close();
  return seqs;
}
