import { applyDeskChange, createEngine, createManualClock, createMemoryStore, type DeskState } from 'chatroute';
import { describe, expect, it } from 'vitest';

// Desks are derived state: never snapshotted or journaled; a recovered engine gives each new subscription its desk.
describe('incremental desk on a recovered engine', () => {
  it('deskChanges$ starts from the recovered state and keeps up with it', () => {
    const store = createMemoryStore();
    const options = {
      store,
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'] }],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
      ],
    };
    const clock = createManualClock(0);
    const first = createEngine({ ...options, clock });
    first.dispatch({ type: 'agent.login', agentId: 'alice' });
    const started = first.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    if (!started.ok) throw new Error('start');
    first.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: started.chatId });
    first.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
    first.dispatch({ type: 'message.send', chatId: started.chatId, from: { kind: 'customer' }, text: 'still there?' });
    const before = { alice: first.getDesk('alice'), bob: first.getDesk('bob') };
    // A crash: no stop(), the next engine recovers from the journal.
    const engine = createEngine({ ...options, clock });
    const states = new Map<string, DeskState>();
    for (const agentId of ['alice', 'bob']) {
      engine.deskChanges$(agentId).subscribe((c) => states.set(agentId, c.type === 'desk.init' ? c.state : applyDeskChange(states.get(agentId) as DeskState, c)));
    }
    engine.queueChanges$().subscribe((c) => states.forEach((s, id) => states.set(id, applyDeskChange(s, c))));
    expect(states.get('alice')?.desk).toEqual(before.alice);
    expect(states.get('bob')?.desk).toEqual(before.bob);
    expect(states.get('bob')?.desk.waiting.count).toBe(1);
    engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Ann' } });
    for (const agentId of ['alice', 'bob']) expect(states.get(agentId)?.desk).toEqual(engine.getDesk(agentId));
    expect(states.get('bob')?.desk.offers.length).toBe(1);
  });
});
