import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatrouteError, createEngine, createManualClock, type EngineOptions } from 'chatroute';
import { createSqliteHistory, createSqliteStore } from 'chatroute/sqlite';

const dir = mkdtempSync(join(tmpdir(), 'chatroute-sqlite-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `engine-${++files}.db`);

function options(path: string, extra: Partial<EngineOptions> = {}): EngineOptions {
  return {
    clock: createManualClock(0),
    store: createSqliteStore({ path }),
    queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved'] }],
    agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] }],
    ...extra,
  };
}

describe('an engine on chatroute/sqlite', () => {
  it('recovers from the file what an earlier engine did, transcripts once in the history', () => {
    const path = freshPath();
    const first = createEngine({ ...options(path), history: createSqliteHistory({ path }) });
    first.dispatch({ type: 'agent.login', agentId: 'alice' });
    const chat = first.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'c-1' } });
    if (!chat.ok) throw new Error(chat.error.message);
    first.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: chat.chatId });
    first.dispatch({ type: 'message.send', chatId: chat.chatId, from: { kind: 'customer' }, text: 'hello' });
    first.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: chat.chatId, status: 'resolved' });
    first.dispatch({ type: 'chat.close', agentId: 'alice', chatId: chat.chatId });
    const transcript = first.history('c-1').messages;
    // A crash: no stop(), so no snapshot after the close; the next engine replays it and records the transcript again.

    const history = createSqliteHistory({ path });
    const second = createEngine({ ...options(path), history });
    expect(second.getChat(chat.chatId)?.state).toBe('closed');
    expect(second.messages(chat.chatId).map((m) => m.text)).toContain('hello');
    expect(second.history('c-1').messages).toEqual(transcript);
    second.stop();
    history.close();
  });

  it('catches a torn last row by its checksum, and drops it when told to', () => {
    const path = freshPath();
    const first = createEngine(options(path));
    first.dispatch({ type: 'agent.login', agentId: 'alice' });
    first.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    // A crash (no stop()) in the middle of writing the last row: SQLite itself never tears a committed row, so tear it.
    const db = new Database(path);
    const last = db.prepare('SELECT max(seq) AS seq FROM chatroute_journal').get() as { seq: number };
    db.prepare('UPDATE chatroute_journal SET body = substr(body, 1, 10) WHERE seq = ?').run(last.seq);
    db.close();

    let error: unknown;
    try {
      createEngine(options(path));
    } catch (e) {
      error = e;
    }
    expect(ChatrouteError.is(error) && error.code).toBe('store-corrupt');

    const repaired = createEngine(options(path, { onCorruptTail: 'truncate' }));
    expect(repaired.getAgent('alice')?.state).toBe('ready'); // the login survived; the torn chat.start is gone
    expect(repaired.getChat('chat-1')).toBeUndefined();
    repaired.stop();
  });
});
