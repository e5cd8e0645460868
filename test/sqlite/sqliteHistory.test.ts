import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteHistory, createSqliteStore } from 'chatroute/sqlite';
import { entry, historyContract } from '../history/contract';

const dir = mkdtempSync(join(tmpdir(), 'chatroute-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `history-${++files}.db`);

historyContract('createSqliteHistory', () => createSqliteHistory({ path: freshPath() }));

describe('createSqliteHistory', () => {
  it('keeps transcripts, cursors and idempotency across a reopen', () => {
    const path = freshPath();
    const before = createSqliteHistory({ path });
    before.record(entry('c-1', 'chat-1', ['1', '2', '3']));
    const first = before.page('c-1', { limit: 2 });
    before.close();
    const after = createSqliteHistory({ path });
    after.record(entry('c-1', 'chat-1', ['1', '2', '3'])); // a replay records the chat again
    expect(after.has('c-1')).toBe(true);
    expect(after.page('c-1', { limit: 2 })).toEqual(first);
    expect(after.page('c-1', { limit: 2, before: first.nextCursor as string }).messages.map((m) => m.text)).toEqual(['1']);
    after.close();
  });

  it('returns messages as recorded, attachments and notices included', () => {
    const history = createSqliteHistory({ path: freshPath() });
    const message = {
      id: 'm-1',
      chatId: 'chat-1',
      from: { kind: 'system' },
      text: 'Alice joined the chat',
      attachments: [{ name: 'a.png', size: 3, mimeType: 'image/png', url: 'https://x/a.png' }],
      notice: { kind: 'joined', agentId: 'alice', agentName: 'Alice' },
      at: 5,
    } as const;
    history.record({ contactId: 'c-1', chatId: 'chat-1', queueId: 'sales', enqueuedAt: 0, endedAt: 9, messages: [message as never] });
    expect(history.page('c-1', { limit: 1 }).messages).toEqual([message]);
    history.close();
  });

  it('shares one file, or one connection, with the store', () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    const history = createSqliteHistory({ path });
    store.initialize(1);
    store.append([{ seq: 1, body: '{}', crc: 0 }]);
    history.record(entry('c-1', 'chat-1', ['hi']));
    store.close();
    history.close();

    const db = new Database(path);
    const sharedStore = createSqliteStore({ database: db });
    const sharedHistory = createSqliteHistory({ database: db });
    expect([...sharedStore.load().entries].map((e) => e.seq)).toEqual([1]);
    expect(sharedHistory.page('c-1', { limit: 5 }).messages.map((m) => m.text)).toEqual(['hi']);
    sharedStore.close();
    sharedHistory.close();
    expect(db.open).toBe(true); // an adopted connection stays the caller's to close
    db.close();
  });
});
