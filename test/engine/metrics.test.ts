import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type EngineInstrumentation } from 'chatroute';

const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 10_000 }];
const agents = [
  { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
];

describe('engine.metrics(): what the engine measured and holds now', () => {
  it('counts commands accepted and refused by code, and input that is not a command at all', () => {
    const engine = createEngine({ clock: createManualClock(0), queues, agents });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'agent.login', agentId: 'nobody' });
    engine.dispatch({ type: 'offer.accept', agentId: 'alice' });
    engine.dispatch('not a command');
    const m = engine.metrics();
    expect(m.commands['agent.login']).toEqual({ accepted: 1, refused: { 'invalid-state': 1, 'not-found': 1 } });
    expect(m.commands['offer.accept']).toEqual({ accepted: 0, refused: { 'invalid-command': 1 } });
    expect(m.invalidCommands).toBe(1);
    expect(m.dispatchMs.count).toBe(5);
    expect(m.dispatchMs.counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('reads queues, agents and chats now, and counts the timers that fired', () => {
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    clock.advanceBy(2_000);
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
    clock.advanceBy(3_000);
    let m = engine.metrics();
    expect(m.queues).toEqual([{ queueId: 'sales', waiting: 2, oldestWaitMs: 5_000 }]);
    expect(m.agents).toMatchObject({ offline: 1, ready: 0, busy: 1, paused: 0, disconnected: 0 });
    expect(m.chats.live).toBe(2);
    clock.advanceBy(5_000);
    m = engine.metrics();
    // The offer to alice expired (a timer), and she is on an unpaid pause for it.
    expect(m.timers).toEqual({ offer: 1 });
    expect(m.agents.paused).toBe(1);
    expect(m.lastEventSeq).toBeGreaterThan(0);
  });

  it('measures the journal, snapshots and recovery of a durable engine, and passes each observation on', () => {
    const store = createMemoryStore();
    const seen: string[] = [];
    const instrument: EngineInstrumentation = {
      dispatched: (i) => seen.push(`dispatch ${i.type} ${i.code ?? 'ok'}`),
      journalAppended: (i) => seen.push(`append ${i.entries}`),
      snapshotWritten: () => seen.push('snapshot'),
      recovered: (i) => seen.push(`recovered ${i.replayedEntries}`),
    };
    const first = createEngine({ clock: createManualClock(0), queues, agents, store, instrument });
    first.dispatch({ type: 'agent.login', agentId: 'alice' });
    first.dispatch({ type: 'agent.login', agentId: 'bob' });
    expect(first.metrics().journal).toMatchObject({ entries: 2, snapshots: 1, uncommitted: 0 });
    expect(first.metrics().recovery).toBeNull();
    // A crash: the journal holds two entries after the first snapshot.
    const second = createEngine({ clock: createManualClock(0), queues, agents, store, instrument });
    expect(second.metrics().recovery?.replayedEntries).toBe(2);
    expect(seen).toEqual(['snapshot', 'append 1', 'dispatch agent.login ok', 'append 1', 'dispatch agent.login ok', 'recovered 2']);
  });
});
