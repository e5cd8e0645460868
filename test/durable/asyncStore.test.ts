import { describe, expect, it } from 'vitest';
import { createManualClock, createMemoryStore, openEngine, type AsyncStore, type EngineEvent, type Store, type StoredRecord } from 'chatroute';

/** An AsyncStore over a memory store, with a gate to hold commits and a switch to fail them (fenced, I/O error). */
function asyncStore(inner: Store = createMemoryStore()) {
  const batches: number[][] = [];
  let release: (() => void) | undefined;
  const control = { hold: false, fail: undefined as Error | undefined, batches, inner };
  const gate = () =>
    control.hold ? new Promise<void>((resolve) => (release = resolve)) : new Promise<void>((resolve) => setImmediate(resolve));
  const store: AsyncStore = {
    async: true,
    load: async () => inner.load(),
    initialize: async (v) => inner.initialize(v),
    async append(entries: readonly StoredRecord[]) {
      await gate();
      if (control.fail) throw control.fail;
      batches.push(entries.map((e) => e.seq));
      inner.append(entries);
    },
    saveSnapshot: async (s, o) => inner.saveSnapshot(s, o),
    truncateAfter: async (seq) => inner.truncateAfter(seq),
    close: async () => inner.close(),
  };
  return { store, control, release: () => release?.() };
}

const config = {
  queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved'] }],
  agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] }],
};

describe('openEngine on an asynchronous store', () => {
  it('holds events and desks until the batch holding their input commits, and acknowledges only then', async () => {
    const { store, control, release } = asyncStore();
    const engine = await openEngine({ ...config, clock: createManualClock(0), store });
    await engine.flush();
    const events: EngineEvent[] = [];
    engine.events$.subscribe((e) => events.push(e));
    const desks: number[] = [];
    engine.desk$('alice').subscribe((d) => desks.push(d.offers.length));
    control.hold = true;
    const login = engine.dispatchDurable({ type: 'agent.login', agentId: 'alice' });
    const start = engine.dispatchDurable({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    let acknowledged = false;
    void start.then(() => (acknowledged = true));
    // The engine is settled at once (queries read it), but nothing has left it.
    expect(engine.getChat('chat-1')?.state).toBe('offered');
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
    expect(desks).toEqual([0]);
    expect(acknowledged).toBe(false);
    control.hold = false;
    release();
    await expect(login).resolves.toEqual({ ok: true });
    await expect(start).resolves.toEqual({ ok: true, chatId: 'chat-1' });
    await engine.flush();
    expect(events.map((e) => e.type)).toEqual(['agent.statusChanged', 'chat.queued', 'offer.created']);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(desks.at(-1)).toBe(1);
  });

  it('commits in groups: everything journaled while a batch is in flight goes in the next', async () => {
    const { store, control } = asyncStore();
    const engine = await openEngine({ ...config, clock: createManualClock(0), store });
    await engine.flush();
    control.batches.length = 0;
    const results = [engine.dispatchDurable({ type: 'agent.login', agentId: 'alice' })];
    for (let i = 0; i < 50; i++) results.push(engine.dispatchDurable({ type: 'chat.start', queueId: 'sales', customer: { name: `C${i}` } }));
    await Promise.all(results);
    expect(control.batches.length).toBeLessThanOrEqual(2);
    expect(control.batches.flat()).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('fails and stops when a write is refused (fenced): nothing held is ever delivered', async () => {
    const { store, control } = asyncStore();
    let failed: unknown;
    const engine = await openEngine({ ...config, clock: createManualClock(0), store, onFailed: (e) => (failed = e) });
    await engine.flush();
    const events: EngineEvent[] = [];
    engine.events$.subscribe({ next: (e) => events.push(e), complete: () => events.push({ type: 'completed' } as never) });
    control.fail = new Error('fenced: another node owns the shard');
    const login = engine.dispatchDurable({ type: 'agent.login', agentId: 'alice' });
    await expect(login).rejects.toThrow(/fenced/);
    expect((failed as Error).message).toMatch(/fenced/);
    expect(events.map((e) => e.type)).toEqual(['completed']);
    expect(engine.dispatch({ type: 'agent.login', agentId: 'alice' }).ok).toBe(false);
    // What the journal holds is all that a successor sees.
    control.fail = undefined;
    const successor = await openEngine({ ...config, clock: createManualClock(0), store: asyncStore(control.inner).store });
    expect(successor.getAgent('alice')?.state).toBe('offline');
  });

  it('recovers from what committed, like createEngine, and closes with a final snapshot', async () => {
    const { store, control } = asyncStore();
    const engine = await openEngine({ ...config, clock: createManualClock(0), store });
    await engine.dispatchDurable({ type: 'agent.login', agentId: 'alice' });
    await engine.dispatchDurable({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    const before = JSON.stringify([engine.getChat('chat-1'), engine.getAgent('alice')]);
    await engine.close();
    expect([...control.inner.load().entries]).toEqual([]);
    const again = await openEngine({ ...config, clock: createManualClock(0), store: asyncStore(control.inner).store });
    expect(JSON.stringify([again.getChat('chat-1'), again.getAgent('alice')])).toBe(before);
  });
});
