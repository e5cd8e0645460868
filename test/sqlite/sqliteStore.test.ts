import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatrouteError } from 'chatroute';
import { createSqliteStore } from 'chatroute/sqlite';
import { record, storeContract } from '../store/contract';

const dir = mkdtempSync(join(tmpdir(), 'chatroute-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `store-${++files}.db`);

storeContract('createSqliteStore', () => {
  const path = freshPath();
  return () => createSqliteStore({ path });
});

storeContract('createSqliteStore on an adopted connection', () => {
  const path = freshPath();
  return () => {
    const db = new Database(path);
    const store = createSqliteStore({ database: db });
    return { ...store, close: () => (store.close(), db.close()) };
  };
});

describe('createSqliteStore', () => {
  it('runs in WAL mode, synchronous NORMAL by default and FULL on request', () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    store.initialize(1);
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal'); // persistent in the file
    db.close();

    const adopted = new Database(freshPath());
    createSqliteStore({ database: adopted });
    expect(adopted.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(adopted.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    createSqliteStore({ database: adopted, synchronous: 'FULL' });
    expect(adopted.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(adopted.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    adopted.close();
  });

  it('refuses options it cannot honour', () => {
    expect(() => createSqliteStore({ path: freshPath(), synchronous: 'OFF' as 'FULL' })).toThrow(ChatrouteError);
    expect(() => createSqliteStore({} as { path: string })).toThrow(ChatrouteError);
  });

  it('returns a torn or garbage row as it is, for the engine’s checksum to catch', () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    store.initialize(1);
    store.append([record(1), record(2)]);
    const db = new Database(path);
    db.prepare('UPDATE chatroute_journal SET body = ? WHERE seq = 2').run('{"seq":2,"tag":"a","inp');
    db.prepare('INSERT INTO chatroute_journal (seq, body, crc) VALUES (3, ?, 0)').run('\u0000garbage');
    db.close();
    expect([...store.load().entries]).toEqual([record(1), { ...record(2), body: '{"seq":2,"tag":"a","inp' }, { seq: 3, body: '\u0000garbage', crc: 0 }]);
    store.close();
  });

  it('keeps none of a batch that collides with a stored seq', () => {
    const store = createSqliteStore({ path: freshPath() });
    store.initialize(1);
    store.append([record(1), record(2)]);
    expect(() => store.append([record(3), record(2, 'again')])).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => store.append([record(1, 'again')])).toThrow(/UNIQUE|PRIMARY KEY/);
    expect([...store.load().entries]).toEqual([record(1), record(2)]);
    store.close();
  });

  it('lets the engine write while it is still iterating a long journal', () => {
    const store = createSqliteStore({ path: freshPath() });
    store.initialize(1);
    store.append(Array.from({ length: 10_000 }, (_, i) => record(i + 1)));
    let seen = 0;
    for (const entry of store.load().entries) {
      seen++;
      if (entry.seq === 5_000) {
        // A repair in the middle of a replay: no "connection is busy" from a cursor still open.
        store.truncateAfter(4_999);
        store.append([record(5_000, 'repaired')]);
        break;
      }
    }
    expect(seen).toBe(5_000);
    const after = [...store.load().entries];
    expect(after.length).toBe(5_000);
    expect(after[4_999]).toEqual(record(5_000, 'repaired'));
    store.close();
  });

  // How fast is the benchmarks' business (bench/durable.ts); this checks that 50,000 single appends all come back.
  it('appends 50,000 single entries and loads every one back', () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    store.initialize(1);
    const body = JSON.stringify({ v: 1, at: 1_764_000_000_000, input: { kind: 'command', command: { type: 'message.send', chatId: 'chat-1234', from: { kind: 'customer' }, text: 'Hello, I have a question about my order' } } });
    const n = 50_000;
    let started = performance.now();
    for (let seq = 1; seq <= n; seq++) store.append([{ seq, body, crc: seq }]);
    const appendMs = performance.now() - started;
    store.close();

    const reopened = createSqliteStore({ path });
    started = performance.now();
    let count = 0;
    for (const entry of reopened.load().entries) if (entry.body.length > 0) count++;
    const loadMs = performance.now() - started;
    reopened.close();
    console.log(`sqlite store: ${Math.round((n / appendMs) * 1000)} single appends/s, ${Math.round((n / loadMs) * 1000)} entries/s loaded`);
    expect(count).toBe(n);
  });
});
