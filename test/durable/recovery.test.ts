import { describe, expect, it } from 'vitest';
import {
  ChatrouteError,
  createEngine,
  createManualClock,
  createMemoryStore,
  type EngineEvent,
  type EngineOptions,
  type Clock,
  type Store,
} from 'chatroute';
import { expectRefusal } from '../helpers';

const queues: EngineOptions['queues'] = [
  { id: 'sales', name: 'Sales', offerTimeoutMs: 10_000, rejectCooldownMs: 5_000, closeStatuses: ['resolved'], reminders: { mode: 'after-first-message', delayMs: 30_000 } },
];
const agents: EngineOptions['agents'] = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
];

function open(store: Store, clock: Clock, extra: Partial<EngineOptions> = {}) {
  const engine = createEngine({ queues, agents, clock, store, ...extra });
  const events: EngineEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  return { engine, events };
}

/** A store that fails its writes on demand: a full disk or an I/O error. */
function flaky(inner: Store): Store & { failing: boolean } {
  const store = {
    failing: false,
    load: () => inner.load(),
    initialize: (v: number) => inner.initialize(v),
    append(records: Parameters<Store['append']>[0]) {
      if (store.failing) throw new Error('SQLITE_FULL: database or disk is full');
      inner.append(records);
    },
    saveSnapshot: (r: Parameters<Store['saveSnapshot']>[0], o: Parameters<Store['saveSnapshot']>[1]) => inner.saveSnapshot(r, o),
    truncateAfter: (seq: number) => inner.truncateAfter(seq),
    close: () => inner.close(),
  };
  return store;
}

describe('recovery', () => {
  it('resumes offer deadlines, reminders and cooldowns after a crash, at their original times', () => {
    const store = createMemoryStore();
    const clock = createManualClock(0);
    const first = open(store, clock);
    first.engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const chat = first.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    if (!chat.ok) throw new Error('start');
    clock.advanceBy(4_000);
    // Crash: the engine is dropped without stop(); a new process starts on the same store, 2 s later.
    const later = createManualClock(6_000);
    const second = open(store, later);
    expect(second.engine.getChat(chat.chatId)?.state).toBe('offered');
    later.advanceBy(3_999);
    expect(second.events.map((e) => e.type)).toEqual([]);
    later.advanceBy(1);
    expect(second.events.map((e) => `${e.at} ${e.type}`)).toContain('10000 offer.expired');
    expect(second.engine.getAgent('alice')?.pause).toMatchObject({ reason: 'missed-offer', paid: false, since: 10_000 });
  });

  it('fires overdue timers at once after a long outage, in deadline order, inside transactions', () => {
    const store = createMemoryStore();
    const clock = createManualClock(0);
    const first = open(store, clock);
    first.engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    first.engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    first.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    clock.advanceBy(1_000);
    first.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
    const later = createManualClock(60_000);
    const second = open(store, later);
    later.advanceBy(0);
    const expired = second.events.filter((e) => e.type === 'offer.expired');
    expect(expired.map((e) => e.chatId)).toEqual(['chat-1', 'chat-2']);
    expect(expired.every((e) => e.at === 60_000)).toBe(true);
  });

  it('continues generated ids after a restart: no chat id is ever reused', () => {
    const store = createMemoryStore();
    const clock = createManualClock(0);
    const first = open(store, clock);
    first.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    first.engine.stop();
    const second = open(store, clock);
    const next = second.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
    expect(next).toEqual({ ok: true, chatId: 'chat-2' });
  });

  it('reads one time per input, so a clock that ticks mid-command replays to the same times', () => {
    // A wall clock moves while a command runs; replay pins each entry's recorded time. Here every read of the clock
    // is 1 ms later than the one before (like the millisecond turning over mid-transaction, every time).
    const manual = createManualClock(1_000);
    let reads = 0;
    const ticking = { now: () => manual.now() + ++reads, setTimeout: manual.setTimeout, clearTimeout: manual.clearTimeout };
    const store = createMemoryStore();
    const first = open(store, ticking);
    first.engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const started = first.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    if (!started.ok) throw new Error('start');
    manual.advanceBy(2_000);
    first.engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: started.chatId });
    first.engine.dispatch({ type: 'message.send', chatId: started.chatId, from: { role: 'customer' }, text: 'Hello' });
    manual.advanceBy(40_000); // the reminder timer fires live, at a ticking time too
    const live = { chat: first.engine.getChat(started.chatId), agent: first.engine.getAgent('alice') };
    // Every event of one input carries one time.
    expect(new Set(first.events.filter((e) => e.type === 'chat.queued' || e.type === 'offer.created').map((e) => ('at' in e ? e.at : 0))).size).toBe(1);
    const second = open(store, createManualClock(manual.now()));
    expect(second.engine.getChat(started.chatId)).toEqual(live.chat);
    // (Time in state runs up to the moment of the query, which here differs: compare the state, not the query time.)
    expect({ ...second.engine.getAgent('alice'), timeInState: null }).toEqual({ ...live.agent, timeInState: null });
    expect(live.chat?.enqueuedAt).toBeGreaterThan(1_000);
  });

  it('lets the journaled configuration win over the options of a later start', () => {
    const store = createMemoryStore();
    const clock = createManualClock(0);
    const first = open(store, clock);
    first.engine.dispatch({ type: 'agent.upsert', agent: { id: 'carol', name: 'Carol', capacity: 3, queues: ['sales'] } });
    first.engine.stop();
    const second = createEngine({ clock, store, queues: [{ id: 'other', name: 'Other', closeStatuses: ['x'] }], agents: [] });
    expect(second.getAgent('carol')?.capacity).toBe(3);
    expect(second.stats().map((s) => s.queueId)).toEqual(['sales']);
  });
});

describe('bad storage', () => {
  it('refuses a command with storage-failed when the journal write fails, and changes nothing', () => {
    const store = flaky(createMemoryStore());
    const clock = createManualClock(0);
    const { engine, events } = open(store, clock);
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const before = JSON.stringify([engine.getAgent('alice'), engine.stats()]);
    const count = events.length;
    store.failing = true;
    expectRefusal(engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } }), 'storage-failed');
    expectRefusal(engine.dispatch({ type: 'message.send', chatId: 'chat-1', from: { kind: 'customer' }, text: 'x' }), 'not-found');
    expect(events.length).toBe(count);
    expect(JSON.stringify([engine.getAgent('alice'), engine.stats()])).toBe(before);
    store.failing = false;
    // Ids drawn for the refused command were given back: the same id comes out, live and after recovery.
    expect(engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } })).toEqual({ ok: true, chatId: 'chat-1' });
    const recovered = open(store, clock);
    expect(JSON.stringify(recovered.engine.getChat('chat-1'))).toBe(JSON.stringify(engine.getChat('chat-1')));
  });

  it('retries a timer whose journal write failed, and fires it once the store is back', () => {
    const store = flaky(createMemoryStore());
    const clock = createManualClock(0);
    const { engine, events } = open(store, clock);
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    store.failing = true;
    clock.advanceBy(10_000);
    expect(engine.getChat('chat-1')?.state).toBe('offered');
    store.failing = false;
    clock.advanceBy(1_000);
    expect(events.filter((e) => e.type === 'offer.expired').map((e) => e.at)).toEqual([11_000]);
    expect(JSON.stringify(open(store, clock).engine.getChat('chat-1'))).toBe(JSON.stringify(engine.getChat('chat-1')));
  });

  it('names the last good entry when the journal tail is corrupted, and can truncate to it', () => {
    const inner = createMemoryStore();
    const clock = createManualClock(0);
    const { engine } = open(inner, clock);
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
    const contents = inner.load();
    const entries = [...contents.entries];
    const torn = createMemoryStore();
    torn.initialize(contents.formatVersion as number);
    torn.saveSnapshot(contents.snapshot as NonNullable<typeof contents.snapshot>, { compact: false });
    torn.append([entries[0]!, entries[1]!, { ...entries[2]!, body: entries[2]!.body.slice(0, -5) }]);
    let error: unknown;
    try {
      createEngine({ queues, agents, clock, store: torn });
    } catch (e) {
      error = e;
    }
    expect(ChatrouteError.is(error) && error.code).toBe('store-corrupt');
    expect((error as Error).message).toMatch(/entry 3 fails its checksum; the last good entry is 2/);
    const repaired = createEngine({ queues, agents, clock, store: torn, onCorruptTail: 'truncate' });
    expect(repaired.getChat('chat-1')?.state).toBe('offered');
    expect(repaired.getChat('chat-2')).toBeUndefined();
    expect([...torn.load().entries].map((e) => e.seq)).toEqual([1, 2]);
  });

  it('refuses a store of an unknown format version', () => {
    const store = createMemoryStore();
    store.initialize(99);
    expect(() => createEngine({ queues, agents, store })).toThrowError(/journal format 99/);
  });

  it('refuses options.ids with a store (ids must replay identically)', () => {
    expect(() => createEngine({ queues, agents, store: createMemoryStore(), ids: (kind) => `${kind}-x` })).toThrowError(/ids cannot be combined with a store/);
  });
});

describe('bad input never throws', () => {
  it('refuses throwing getters and revoked proxies with invalid-command', () => {
    const { engine } = open(createMemoryStore(), createManualClock(0));
    const getter = Object.defineProperty({ type: 'agent.login' }, 'agentId', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expectRefusal(engine.dispatch(getter), 'invalid-command');
    const { proxy, revoke } = Proxy.revocable({ type: 'agent.login', agentId: 'alice' }, {});
    revoke();
    expectRefusal(engine.dispatch(proxy), 'invalid-command');
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap'); }, get: () => { throw new Error('trap'); } });
    expectRefusal(engine.dispatch(trap), 'invalid-command');
  });
});
