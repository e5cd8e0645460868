import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, createManualClock, createMemoryStore, type Engine, type EngineOptions } from 'chatroute';
import { createSqliteStore } from 'chatroute/sqlite';
import { lifecycles } from './lifecycle';

const center = (agents: number, capacity: number): Pick<EngineOptions, 'queues' | 'agents'> => ({
  queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
  agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity, queues: ['q'] })),
});

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'chatroute-bench-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lifecycle benchmark on a SQLite journal (WAL, synchronous NORMAL, snapshots at the engine default, every 25,000 entries). */
export function durableLifecycles(agents: number, capacity: number, count: number): { lifecyclesPerSec: number } {
  return inTempDir((dir) => {
    const store = createSqliteStore({ path: join(dir, 'journal.db') });
    return lifecycles(agents, capacity, count, { store });
  });
}

/**
 * Restart to serving: 50,000 live chats (15,000 active with 5,000 agents × 3, 35,000 waiting) and the longest tail
 * the snapshot policy leaves (snapshotEvery − 1 entries: messages in active chats), then a crash (no `stop()`); the
 * figure is the time `createEngine` takes on the same file until it answers, snapshot load and replay included.
 */
export function restartToServing(chats = 50_000, snapshotEvery = 25_000): { restartSec: number; tailEntries: number; snapshotLoadSec: number } {
  return inTempDir((dir) => {
    const path = join(dir, 'journal.db');
    const clock = createManualClock(0);
    const options = { ...center(5_000, 3), clock, snapshotEvery, retainFinishedChats: 0 };
    let engine: Engine = createEngine({ ...options, store: createSqliteStore({ path }) });
    const active: Array<[string, string]> = [];
    engine.events$.subscribe((e) => {
      if (e.type === 'offer.created') active.push([e.chatId, e.agentId]);
    });
    for (let i = 0; i < 5_000; i++) engine.dispatch({ type: 'agent.login', agentId: `a${i}` });
    for (let i = 0; i < chats; i++) engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: `Customer ${i}`, contactId: `c-${i}` } });
    for (const [chatId, agentId] of active) engine.dispatch({ type: 'offer.accept', agentId, chatId });
    engine.stop(); // a snapshot with every live chat, and an empty tail

    let started = performance.now();
    engine = createEngine({ ...options, store: createSqliteStore({ path }) });
    const snapshotLoadSec = (performance.now() - started) / 1000;
    const tailEntries = snapshotEvery - 1;
    for (let i = 0; i < tailEntries; i++) {
      const [chatId] = active[i % active.length] as [string, string];
      engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' }, text: `message ${i}` });
    }
    // The crash: the engine is dropped as it is; the next process finds the snapshot and the tail.
    started = performance.now();
    engine = createEngine({ ...options, store: createSqliteStore({ path }) });
    const restartSec = (performance.now() - started) / 1000;
    if (engine.stats()[0]?.waiting !== chats - active.length) throw new Error('recovery lost waiting chats');
    engine.stop();
    return { restartSec, tailEntries, snapshotLoadSec };
  });
}

/** Replay speed: a journal of lifecycle commands with no snapshot after its start, recovered on a fresh engine. */
export function replayRate(lifecycleCount = 20_000): { replayEntriesPerSec: number; entries: number } {
  const store = createMemoryStore();
  lifecycles(5_000, 3, lifecycleCount, { store, snapshotEvery: Number.MAX_SAFE_INTEGER });
  const entries = [...store.load().entries].length;
  const started = performance.now();
  const engine = createEngine({ ...center(5_000, 3), clock: createManualClock(0), store, retainFinishedChats: 0 });
  const sec = (performance.now() - started) / 1000;
  engine.stop();
  return { replayEntriesPerSec: entries / sec, entries };
}
