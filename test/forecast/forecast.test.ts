import { describe, expect, it } from 'vitest';
import { ChatrouteError, createEngine, createManualClock, createMemoryStore, type Engine, type EngineEvent } from 'chatroute';
import { forecast, type ForecastOptions } from 'chatroute/simulation';

const models: ForecastOptions = {
  arrivals: [{ queueId: 'q', ratePerSec: 0.04 }],
  handleTimeSec: { distribution: 'lognormal', mean: 240, sd: 120 },
  patienceSec: { distribution: 'exponential', mean: 180 },
  offerResponse: { delaySec: { distribution: 'exponential', mean: 4 }, missProbability: 0.05, resumeAfterSec: 60 },
  horizonMs: 20 * 60_000,
  seeds: 4,
};

/** A small live center at a busy moment: 10 agents busy, one paused for a missed offer, 8 chats waiting (one on offer). */
function busyCenter(options: { store?: ReturnType<typeof createMemoryStore> } = {}): Engine {
  const clock = createManualClock(1_000_000);
  const engine = createEngine({
    clock,
    ...(options.store ? { store: options.store } : {}),
    queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 20_000, closeStatuses: ['done'] }],
    agents: Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity: 1, queues: ['q'] })),
  });
  const offers = new Map<string, string>();
  engine.events$.subscribe((e) => {
    if (e.type === 'offer.created') offers.set(e.chatId, e.agentId);
  });
  for (let i = 0; i < 12; i++) engine.dispatch({ type: 'agent.login', agentId: `a${i}` });
  engine.dispatch({ type: 'agent.pause', agentId: 'a11', reason: 'lunch', paid: true });
  for (let i = 0; i < 18; i++) {
    clock.advanceBy(10_000);
    const r = engine.dispatch({ type: 'chat.start', chatId: `c${i}`, queueId: 'q', customer: { name: 'c' } });
    const agentId = r.ok ? offers.get(r.chatId) : undefined;
    // The first ten are taken; the next offer or two stay pending.
    if (i < 10 && agentId !== undefined) engine.dispatch({ type: 'offer.accept', agentId, chatId: `c${i}` });
  }
  // a10 missed its offer of c10 long ago (paused for it); a11 is back from lunch and has c10 on offer now.
  engine.dispatch({ type: 'agent.resume', agentId: 'a11' });
  return engine;
}

/** Everything the public API shows of an engine, as plain data. */
function everything(engine: Engine): unknown {
  const chats = Array.from({ length: 18 }, (_, i) => engine.getChat(`c${i}`));
  const agents = Array.from({ length: 12 }, (_, i) => engine.getAgent(`a${i}`));
  return JSON.parse(JSON.stringify({ now: engine.clock.now(), chats, agents, stats: engine.stats(), waiting: engine.waitingActivities('a0') }));
}

describe('forecast', () => {
  it('estimates each waiting chat, in queue order, and forecasts the queue by interval', () => {
    const engine = busyCenter();
    const f = forecast(engine, models);
    expect(f.at).toBe(engine.clock.now());
    expect(f.runs).toBe(4);
    expect(f.chats.map((c) => c.chatId)).toEqual(['c10', 'c11', 'c12', 'c13', 'c14', 'c15', 'c16', 'c17']);
    expect(f.chats.map((c) => c.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const medians = f.chats.map((c) => c.toAgent.medianMs as number);
    for (const chat of f.chats) {
      expect(chat.toAgent.medianMs).not.toBeNull();
      expect(chat.toAgent.p90Ms as number).toBeGreaterThanOrEqual(chat.toAgent.medianMs as number);
    }
    // Later in the queue, longer to wait (the last one far more than the first).
    expect(medians[7] as number).toBeGreaterThan((medians[0] as number) * 2);
    const [queue] = f.queues;
    expect(queue?.intervals).toHaveLength(4);
    expect(queue?.intervals[0]?.startsAt).toBe(f.at);
    expect(queue?.intervals.at(-1)?.endsAt).toBe(f.at + 20 * 60_000);
    // The 8 already waiting count in the first interval, on top of its arrivals.
    expect(queue?.intervals[0]?.offered as number).toBeGreaterThanOrEqual(8);
  });

  it('is deterministic per seed, and other seeds give other runs', () => {
    const engine = busyCenter();
    expect(forecast(engine, models)).toEqual(forecast(engine, models));
    expect(forecast(busyCenter(), models)).toEqual(forecast(engine, models));
    expect(forecast(engine, { ...models, seeds: [11, 12, 13, 14] }).chats).not.toEqual(forecast(engine, models).chats);
  });

  it('never changes the live engine: same queries, no event, clock and store untouched', () => {
    const store = createMemoryStore();
    const engine = busyCenter({ store });
    const events: EngineEvent[] = [];
    engine.events$.subscribe((e) => events.push(e));
    expect(engine.getAgent('a10')?.pause?.reason).toBe('missed-offer');
    expect(engine.getChat('c10')?.offer?.agentId).toBe('a11');
    const before = everything(engine);
    const stored = JSON.stringify(store.load());
    const clock = engine.clock as ReturnType<typeof createManualClock>;
    const pending = clock.pendingCount();
    forecast(engine, models);
    forecast(engine, { ...models, waitsOnly: true });
    expect(events).toEqual([]);
    expect(everything(engine)).toEqual(before);
    expect(JSON.stringify(store.load())).toBe(stored);
    expect(clock.pendingCount()).toBe(pending);
    // And the live engine goes on as if nothing happened: its pending offer still expires on its own clock.
    clock.advanceBy(30_000);
    expect(events.some((e) => e.type === 'offer.expired')).toBe(true);
  });

  it('engine.fork() runs on its own manual clock and shares nothing with the live engine', () => {
    const engine = busyCenter();
    const before = everything(engine);
    const fork = engine.fork();
    expect(everything(fork)).toEqual(before);
    const liveEvents: EngineEvent[] = [];
    engine.events$.subscribe((e) => liveEvents.push(e));
    expect(fork.dispatch({ type: 'chat.close', agentId: 'a0', chatId: 'c0' }).ok).toBe(false);
    expect(fork.dispatch({ type: 'chat.setStatus', agentId: 'a0', chatId: 'c0', status: 'done' }).ok).toBe(true);
    expect(fork.dispatch({ type: 'chat.close', agentId: 'a0', chatId: 'c0' }).ok).toBe(true);
    (fork.clock as ReturnType<typeof createManualClock>).advanceBy(600_000);
    expect(fork.getChat('c0')?.state).toBe('closed');
    expect(liveEvents).toEqual([]);
    expect(everything(engine)).toEqual(before);
  });

  it('forks an engine on the system clock with its own id source: the fork runs on a manual clock at the same time', () => {
    let n = 0;
    const engine = createEngine({
      ids: (kind) => `${kind}-x${++n}`,
      queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
      agents: [{ id: 'a', name: 'A', capacity: 1, queues: ['q'] }],
    });
    engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
    const before = engine.clock.now();
    const fork = engine.fork();
    const after = engine.clock.now();
    expect(fork.getChat('chat-x1')).toEqual(engine.getChat('chat-x1'));
    // The fork's manual clock starts at the moment of the fork (by order, not by a wall-clock tolerance).
    expect(fork.clock.now()).toBeGreaterThanOrEqual(before);
    expect(fork.clock.now()).toBeLessThanOrEqual(after);
    expect(typeof (fork.clock as ReturnType<typeof createManualClock>).advanceBy).toBe('function');
    const f = forecast(engine, { ...models, seeds: 2, horizonMs: 60_000, intervalMs: 60_000 });
    expect(f.chats.map((c) => c.chatId)).toEqual(['chat-x1']);
    engine.stop();
  });

  it('waitsOnly stops each run once the waits are known: the same estimates, no interval figures', () => {
    const engine = busyCenter();
    const full = forecast(engine, models);
    const waits = forecast(engine, { ...models, waitsOnly: true });
    expect(waits.chats).toEqual(full.chats);
    expect(waits.queues).toEqual([]);
  });

  it('warns of a likely breach of the service-level target, and not when the queue is well staffed', () => {
    const engine = busyCenter();
    const overloaded = forecast(engine, { ...models, arrivals: [{ queueId: 'q', ratePerSec: 0.08 }] });
    expect(overloaded.warnings[0]).toMatchObject({ queueId: 'q', target: 0.8 });
    expect(overloaded.warnings[0]?.breachProbability).toBeGreaterThanOrEqual(0.5);
    expect(overloaded.warnings[0]?.startsAt as number).toBeLessThan(overloaded.at + 15 * 60_000);
    const quiet = forecast(engine, { ...models, arrivals: [{ queueId: 'q', ratePerSec: 0.001 }], handleTimeSec: { distribution: 'fixed', value: 5 } });
    // The chats waiting now already missed 20 s; from the second interval on, the queue is fine.
    expect(quiet.queues[0]?.intervals.slice(1).every((i) => i.breachProbability === 0)).toBe(true);
    expect(forecast(engine, { ...models, serviceLevelTarget: 0 }).warnings).toEqual([]);
  });

  it('follows planned shifts: agents logging in soon shorten the waits', () => {
    const engine = busyCenter();
    const now = engine.clock.now();
    const plain = forecast(engine, models);
    engine.dispatch({ type: 'agent.logout', agentId: 'a11' });
    const schedules = Object.fromEntries(['a11'].map((id) => [id, { shift: { startSec: 60, endSec: 7200 } }]));
    const helped = forecast(engine, { ...models, originMs: now, schedules });
    const last = (f: typeof plain) => f.chats.at(-1)?.toAgent.medianMs as number;
    expect(last(helped)).toBeLessThan(last(plain));
  });

  it('refuses malformed options with invalid-config', () => {
    const engine = busyCenter();
    for (const bad of [{ horizonMs: 0 }, { intervalMs: -1 }, { seeds: 0 }, { seeds: [] }, { arrivals: undefined }]) {
      let error: unknown;
      try {
        forecast(engine, { ...models, ...bad } as ForecastOptions);
      } catch (e) {
        error = e;
      }
      expect(ChatrouteError.is(error) && error.code === 'invalid-config').toBe(true);
    }
  });
});
