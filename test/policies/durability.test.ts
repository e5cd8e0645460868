import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type EngineOptions, type Store } from 'chatroute';

function copy(store: Store): Store {
  const contents = store.load();
  const next = createMemoryStore();
  if (contents.formatVersion !== null) next.initialize(contents.formatVersion);
  if (contents.snapshot !== null) next.saveSnapshot(contents.snapshot, { compact: false });
  next.append([...contents.entries]);
  return next;
}

const options = (store: Store, clock: ReturnType<typeof createManualClock>): EngineOptions => ({
  clock,
  store,
  snapshotEvery: 3,
  queues: [
    { id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { overflow: { maxWaitMs: 50_000, to: 'backup' }, wrapUp: { ms: 20_000 }, affinity: { reserveMs: 30_000, lastAgent: true }, aging: { perMinute: 1 } } },
    { id: 'backup', name: 'Backup', closeStatuses: ['done'] },
  ],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
  ],
});

describe('routing policies survive a crash (issue 9)', () => {
  it('recovers wrap-ups, reservations, the last-agent map and max-wait timers, and goes on identically', () => {
    const clock = createManualClock(0);
    const store = createMemoryStore();
    const live = createEngine(options(store, clock));
    for (const agentId of ['alice', 'bob']) live.dispatch({ type: 'agent.login', agentId });
    const first = live.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'eve' } });
    if (!first.ok) throw new Error(first.error.message);
    const agentId = live.getChat(first.chatId)?.offer?.agentId as string;
    live.dispatch({ type: 'offer.accept', agentId, chatId: first.chatId });
    live.dispatch({ type: 'chat.setStatus', agentId, chatId: first.chatId, status: 'done' });
    live.dispatch({ type: 'chat.close', agentId, chatId: first.chatId });
    clock.advanceBy(5_000);
    const other = agentId === 'alice' ? 'bob' : 'alice';
    live.dispatch({ type: 'agent.pause', agentId: other, reason: 'lunch', paid: true });
    // Eve comes back: her last agent is wrapping up, so the chat waits for them (reserved), the other is paused.
    const again = live.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'eve' } });
    if (!again.ok) throw new Error(again.error.message);
    expect(live.getChat(again.chatId)).toMatchObject({ state: 'queued', routing: { preferredAgentId: agentId } });

    const recoveredClock = createManualClock(clock.now());
    const recovered = createEngine(options(copy(store), recoveredClock));
    const view = (e: typeof live) => JSON.stringify({ chats: [first.chatId, again.chatId].map((id) => e.getChat(id)), agents: ['alice', 'bob'].map((id) => e.getAgent(id)) });
    expect(view(recovered)).toBe(view(live));
    const events: string[][] = [[], []];
    live.events$.subscribe((e) => events[0]?.push(`${e.at} ${e.type}`));
    recovered.events$.subscribe((e) => events[1]?.push(`${e.at} ${e.type}`));
    for (const [engine, c] of [[live, clock], [recovered, recoveredClock]] as const) {
      c.advanceBy(15_000); // the wrap-up ends: the reserved chat goes to its last agent
      engine.dispatch({ type: 'agent.resume', agentId: other });
      c.advanceBy(60_000);
    }
    expect(events[1]).toEqual(events[0]);
    expect(view(recovered)).toBe(view(live));
    // The reserved chat was offered when the wrap-up ended, and moved to the overflow queue at its max wait.
    expect(events[0]).toEqual(expect.arrayContaining(['20000 offer.created', '55000 chat.overflowed']));
  });
});
