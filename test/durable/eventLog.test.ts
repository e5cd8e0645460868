import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type EngineEvent, type EngineOptions, type EventsPage } from 'chatroute';

const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 5_000 }];
const agents = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 2, queues: ['sales'] },
];

/** A little day: logins, chats offered, accepted, missed, messages, closes. */
function work(engine: ReturnType<typeof createEngine>, clock: ReturnType<typeof createManualClock>, rounds: number, from = 0): void {
  for (let i = from; i < from + rounds; i++) {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: `c${i}` } });
    if (!r.ok) continue;
    const offer = engine.getChat(r.chatId)?.offer;
    if (offer !== undefined && i % 3 !== 0) {
      engine.dispatch({ type: 'offer.accept', agentId: offer.agentId, chatId: r.chatId });
      engine.dispatch({ type: 'message.send', chatId: r.chatId, from: { kind: 'customer' }, text: `hello ${i}` });
      engine.dispatch({ type: 'chat.setStatus', agentId: offer.agentId, chatId: r.chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId: offer.agentId, chatId: r.chatId });
    }
    clock.advanceBy(2_000);
    if (i % 4 === 0) for (const a of agents) engine.dispatch({ type: 'agent.resume', agentId: a.id });
  }
}

async function all(engine: ReturnType<typeof createEngine>, limit = 7): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for (let seq = 0; ; ) {
    const page = await engine.eventsAfter(seq, { limit });
    if (!page.ok) throw new Error(page.error.message);
    if (page.events.length === 0) return out;
    out.push(...page.events);
    seq = (page.events[page.events.length - 1] as EngineEvent).seq;
  }
}

describe('engine.eventsAfter: the event log with a cursor (issue 18)', () => {
  it('returns, page by page, exactly what events$ published (in memory)', async () => {
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents });
    const published: EngineEvent[] = [];
    engine.events$.subscribe((e) => published.push(e));
    for (const a of agents) engine.dispatch({ type: 'agent.login', agentId: a.id });
    work(engine, clock, 20);
    expect(published.length).toBeGreaterThan(50);
    expect(JSON.stringify(await all(engine))).toBe(JSON.stringify(published));
    const tail = (await engine.eventsAfter(published.length - 3)) as EventsPage;
    expect(tail.events.map((e) => e.seq)).toEqual([published.length - 2, published.length - 1, published.length]);
    expect(tail.lastSeq).toBe(published.length);
    const ahead = await engine.eventsAfter(published.length + 5);
    expect(!ahead.ok && ahead.error.code).toBe('cursor-ahead');
  });

  it('refuses a cursor past the retention with cursor-expired and the oldest seq kept, never a silent gap', async () => {
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents, eventRetention: 10 });
    for (const a of agents) engine.dispatch({ type: 'agent.login', agentId: a.id });
    work(engine, clock, 20);
    const expired = await engine.eventsAfter(0);
    expect(expired.ok).toBe(false);
    if (expired.ok) return;
    expect(expired.error.code).toBe('cursor-expired');
    const oldest = expired.error.oldestSeq as number;
    const page = await engine.eventsAfter(oldest - 1, { limit: 10_000 });
    expect(page.ok && page.events[0]?.seq).toBe(oldest);
  });

  it('answers byte for byte across crashes and restarts on a store, and new events continue the sequence', async () => {
    const store = createMemoryStore();
    const published: EngineEvent[] = [];
    // Each incarnation has its own clock, started where the last one stopped: a crashed engine's timers die with it.
    let clock = createManualClock(0);
    const open = () => {
      const engine = createEngine({ clock, queues, agents, store, snapshotEvery: 7, audit: true });
      engine.events$.subscribe((e) => published.push(e));
      return engine;
    };
    let engine = open();
    for (const a of agents) engine.dispatch({ type: 'agent.login', agentId: a.id });
    work(engine, clock, 10);
    for (let round = 0; round < 3; round++) {
      // A crash: the engine is dropped without stop() (events since the last snapshot live only in memory).
      clock = createManualClock(clock.now());
      engine = open();
      expect(JSON.stringify(await all(engine))).toBe(JSON.stringify(published));
      work(engine, clock, 5, 10 + round * 5);
    }
    engine.stop();
    clock = createManualClock(clock.now());
    engine = open();
    const seqs = published.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(JSON.stringify(await all(engine, 1_000))).toBe(JSON.stringify(published));
  });
});
