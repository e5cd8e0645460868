import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createManualClock,
  createMemoryHistory,
  createMemoryStore,
  createRandom,
  type AgentConfig,
  type Clock,
  type Desk,
  type Engine,
  type EngineEvent,
  type HistoryStore,
  type ManualClock,
  type Store,
} from 'chatroute';
import { allCommands } from './commands';
import { configChange } from './commands/configChange';
import { configArb, policyConfigArb } from './configArb';
import { policyCommands } from './commands/policyCommands';
import { dispatch, type World, type WorldConfig } from './world';

const deep = process.env.CHATROUTE_DEEP === '1';

/**
 * A live clock that fires late: each timer fires at its due time plus a lateness that depends only on that due time,
 * so a recovered engine that re-arms the same deadline (even overdue, with a delay <= 0) fires it at the same moment
 * the crashed one would have.
 */
function lateClock(inner: ManualClock, maxLateMs: number, seed: number): Clock {
  const late = (due: number): number => (Math.imul((due | 0) ^ seed, 0x9e3779b1) >>> 0) % (maxLateMs + 1);
  return {
    now: () => inner.now(),
    setTimeout: (callback, delayMs) => {
      const due = inner.now() + delayMs;
      return inner.setTimeout(callback, Math.max(0, due + late(due) - inner.now()));
    },
    clearTimeout: (handle) => inner.clearTimeout(handle),
  };
}

/** A copy of what a store holds now: the disk as a crash leaves it, for the next process. */
function copyStore(store: Store): Store {
  const contents = store.load();
  const copy = createMemoryStore();
  if (contents.formatVersion !== null) copy.initialize(contents.formatVersion);
  if (contents.snapshot !== null) copy.saveSnapshot(contents.snapshot, { compact: false });
  copy.append([...contents.entries]);
  return copy;
}

interface Durable {
  store: Store;
  history: HistoryStore;
  inner: ManualClock;
  lateSeed: number;
  maxLateMs: number;
  snapshotEvery: number;
}

function open(config: WorldConfig, d: Durable, agents: readonly AgentConfig[]): { engine: Engine; events: EngineEvent[] } {
  const engine = createEngine({
    queues: config.queues,
    agents: [...agents],
    clock: lateClock(d.inner, d.maxLateMs, d.lateSeed),
    random: createRandom(config.seed),
    retainFinishedChats: 1_000_000,
    ...(config.presence !== undefined ? { presence: config.presence } : {}),
    store: d.store,
    history: d.history,
    snapshotEvery: d.snapshotEvery,
  });
  const events: EngineEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  return { engine, events };
}

/** Every query, as JSON: what "the same state" means. */
function everything(engine: Engine, world: World): string {
  const agentIds = world.agents.map((a) => a.id);
  const desks = agentIds.map((id) => {
    let desk: Desk | undefined;
    engine.desk$(id).subscribe((d) => (desk = d)).unsubscribe();
    return desk;
  });
  const contacts = [...new Set(world.chatIds.map((id) => engine.getChat(id)?.customer.contactId).filter((c) => c !== undefined))];
  return JSON.stringify({
    chats: world.chatIds.map((id) => engine.getChat(id)),
    messages: world.chatIds.map((id) => engine.messages(id)),
    agents: agentIds.map((id) => engine.getAgent(id)),
    waiting: agentIds.map((id) => engine.waitingActivities(id)),
    stats: engine.stats(),
    assistance: engine.assistanceRequests(),
    history: contacts.map((c) => engine.history(c, { limit: 500 })),
    desks,
  });
}

/** The same further inputs for both engines, chosen from each one's own (equal) state. */
function goOn(engine: Engine, clock: ManualClock, world: World): void {
  for (const agent of world.agents) engine.dispatch({ type: 'agent.login', agentId: agent.id });
  for (let i = 0; i < 3; i++) engine.dispatch({ type: 'chat.start', queueId: world.queues[i % world.queues.length]?.id, customer: { name: `After ${i}`, contactId: `c${i}` } });
  clock.advanceBy(2_500);
  for (const agent of world.agents) {
    const offer = engine.getAgent(agent.id)?.offers[0];
    if (offer !== undefined) engine.dispatch({ type: 'offer.accept', agentId: agent.id, chatId: offer.chatId });
  }
  clock.advanceBy(45_000);
  for (const agent of world.agents) {
    for (const chatId of engine.getAgent(agent.id)?.chats ?? []) {
      engine.dispatch({ type: 'message.send', chatId, from: { kind: 'agent', agentId: agent.id }, text: 'still here' });
      engine.dispatch({ type: 'chat.setStatus', agentId: agent.id, chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId: agent.id, chatId });
    }
  }
  clock.advanceBy(120_000);
}

describe('durable engine (fc.commands): a crash at any point recovers the exact state', () => {
  it('answers every query byte for byte like the engine that crashed, then emits the same events', () => {
    fc.assert(
      fc.property(
        // Half the centers run routing policies (issue 9): their timers, reservations and wrap-ups must recover too.
        fc.oneof(configArb, policyConfigArb),
        fc.commands([...allCommands, ...policyCommands, configChange, configChange], { maxCommands: 80, size: 'max' }),
        fc.record({ lateSeed: fc.nat(), maxLateMs: fc.constantFrom(0, 50, 1_500), snapshotEvery: fc.constantFrom(1, 7, 40, 10_000) }),
        (config, commands, late) => {
          const inner = createManualClock(0);
          const d: Durable = { store: createMemoryStore(), history: createMemoryHistory(), inner, ...late };
          const live = open(config, d, config.agents);
          const world: World = { engine: live.engine, clock: inner, queues: config.queues, agents: [...config.agents], events: live.events, steps: [], chatIds: [], lateMs: late.maxLateMs };
          for (const agent of config.agents) dispatch(world, { type: 'agent.login', agentId: agent.id });
          fc.modelRun(() => ({ model: { started: world.chatIds.length }, real: world }), commands);

          // The crash: the process is gone; what the store holds is what the next one finds.
          const disk = copyStore(d.store);
          const recovered = open(config, { ...d, store: disk }, config.agents);
          expect(everything(recovered.engine, world)).toBe(everything(live.engine, world));

          // Both go on from the same state with the same inputs: the same events, seq and time included.
          const liveFrom = live.events.length;
          const innerAfter = createManualClock(inner.now());
          const againStore = copyStore(disk);
          const again = open(config, { ...d, store: againStore, inner: innerAfter }, config.agents);
          goOn(live.engine, inner, world);
          goOn(again.engine, innerAfter, world);
          expect(JSON.stringify(again.events)).toBe(JSON.stringify(live.events.slice(liveFrom)));
          expect(everything(again.engine, world)).toBe(everything(live.engine, world));

          // A clean stop writes a snapshot; the next start replays nothing and is the same engine.
          const before = everything(again.engine, world);
          again.engine.stop();
          expect([...againStore.load().entries]).toEqual([]);
          const restarted = open(config, { ...d, store: againStore, inner: innerAfter }, config.agents);
          expect(everything(restarted.engine, world)).toBe(before);
        },
      ),
      { numRuns: deep ? 2_000 : 60 },
    );
  }, deep ? 3_600_000 : 120_000);
});
