import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, createManualClock } from 'chatroute';
import { Presence } from '../../src/server/engine/Presence';

const config = {
  queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'] }],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 2, queues: ['sales'] },
  ],
};

describe('presence after a restart', () => {
  const stops: Array<() => void> = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('reports only those who did not reconnect within the window, so the engine grace starts for them', async () => {
    const engine = createEngine({ ...config, clock: createManualClock(0) });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    const eve = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    const sam = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
    if (!eve.ok || !sam.ok) throw new Error('start');
    // The host restarts: a new Presence over the recovered engine; Alice and Eve come back in time, Bob and Sam do not.
    const presence = new Presence(engine, { reconnectWindowMs: 50 });
    stops.push(() => presence.stop());
    presence.agentOpened('alice');
    presence.customerOpened(eve.chatId);
    expect(engine.getChat(sam.chatId)?.customerAway).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(engine.getChat(eve.chatId)?.customerAway).toBeUndefined();
    expect(engine.getChat(sam.chatId)?.customerAway).toBeDefined();
    expect(engine.getAgent('alice')?.disconnectedSince).toBeUndefined();
    expect(engine.getAgent('bob')?.disconnectedSince).toBeDefined();
  });

  it('reports nobody when the host stops within the window', async () => {
    const engine = createEngine({ ...config, clock: createManualClock(0) });
    engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    const presence = new Presence(engine, { reconnectWindowMs: 20 });
    presence.stop();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(engine.getAgent('bob')?.disconnectedSince).toBeUndefined();
  });
});
