import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

// Issue 17: lowering an agent's capacity while they hold a chat and a pending offer let the offer be accepted over
// capacity (guarantee 2: no agent ever holds more than capacity slots).
describe('a capacity lowered below the slots in use', () => {
  it('withdraws the pending offers beyond the new capacity (capacity-lowered), so none can be accepted over it', () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] }] });
    t.login('alice');
    const a = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: a });
    const b = t.start();
    expect(t.engine.getChat(b)?.offer?.agentId).toBe('alice');
    const since = t.mark();
    t.ok({ type: 'agent.upsert', agent: { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] } });
    expect(since().find((e) => e.type === 'offer.withdrawn')).toMatchObject({ chatId: b, agentId: 'alice', reason: 'capacity-lowered' });
    expect(t.engine.getChat(b)?.state).toBe('queued');
    expect(t.engine.getAgent('alice')).toMatchObject({ capacity: 1, slotsUsed: 1, state: 'busy' });
    const r = t.engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: b });
    expect(r.ok).toBe(false);
    expect(t.engine.getAgent('alice')?.slotsUsed).toBeLessThanOrEqual(1);
  });

  it('keeps an offer that still fits the new capacity', () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 3, queues: ['sales'] }] });
    t.login('alice');
    const a = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: a });
    const b = t.start();
    t.ok({ type: 'agent.upsert', agent: { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] } });
    expect(t.engine.getChat(b)?.offer?.agentId).toBe('alice');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: b });
    expect(t.engine.getAgent('alice')).toMatchObject({ slotsUsed: 2, capacity: 2, state: 'busy' });
  });
});
