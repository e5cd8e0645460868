import { describe, expect, it } from 'vitest';
import { createArchivingStore, exportJournal, replayJournal } from 'chatroute/replay';
import { createEngine, createMemoryStore, type Store } from 'chatroute';
import { agents, queryAll, queues, record } from './recording';

describe('createArchivingStore', () => {
  it('keeps every entry the store compacts away, across a restart: replay reaches any moment since the start', () => {
    const lines: string[] = [];
    const archive = (store: Store) => createArchivingStore(store, { write: (line) => lines.push(line) });
    const live = record(13, 400, { snapshotEvery: 25, wrap: archive });
    // The store itself only reaches back to its latest snapshot...
    const storeFrom = (JSON.parse(exportJournal(live.store).split('\n')[1] as string) as { seq: number }).seq;
    expect(storeFrom).toBeGreaterThan(100);
    // ...the archive to the beginning.
    for (const point of live.checkpoints) {
      const replay = replayJournal({ journal: lines.join(''), to: point.seq, at: point.now });
      expect(replay.snapshotSeq).toBe(0);
      expect(queryAll(replay.engine, point.chatIds, live.agentIds)).toBe(point.state);
    }
    // A restart on the same store (stop() snapshots and compacts) opens a new segment; the archive still reads as one.
    live.engine.stop();
    const engine = createEngine({ clock: live.clock, queues, agents, store: archive(live.store), snapshotEvery: 25 });
    engine.dispatch({ type: 'agent.login', agentId: 'carol' });
    engine.dispatch({ type: 'chat.start', queueId: 'care', customer: { name: 'After' }, chatId: 'after' });
    live.clock.advanceBy(20_000);
    const chatIds = [...live.chatIds, 'after'];
    const end = replayJournal({ journal: lines.join(''), at: live.clock.now() });
    expect(end.snapshotSeq).toBe(0);
    expect(queryAll(end.engine, chatIds, live.agentIds)).toBe(queryAll(engine, chatIds, live.agentIds));
    const first = live.checkpoints[0] as (typeof live.checkpoints)[number];
    expect(queryAll(replayJournal({ journal: lines.join(''), to: first.seq, at: first.now }).engine, first.chatIds, live.agentIds)).toBe(first.state);
  });

  it('never refuses a command because the archive failed, and marks a repaired tail', () => {
    const lines: string[] = [];
    let failing = false;
    const base = createMemoryStore();
    const store = createArchivingStore(base, {
      write: (line) => {
        if (failing) throw new Error('disk full');
        lines.push(line);
      },
    });
    const engine = createEngine({ queues, agents, store });
    failing = true;
    expect(engine.dispatch({ type: 'agent.login', agentId: 'alice' }).ok).toBe(true);
    failing = false;
    store.truncateAfter(3);
    expect(lines.at(-1)).toBe('{"truncateAfter":3}\n');
  });
});
