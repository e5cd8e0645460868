import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

describe('missed offer', () => {
  it('expires exactly at the deadline, keeps the chat in place, and puts the agent on an unpaid pause', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', offerTimeoutMs: 20_000, closeStatuses: ['done'] }] });
    t.login('alice');
    const chatId = t.start();
    t.clock.advanceBy(19_999);
    expect(t.engine.getChat(chatId)?.state).toBe('offered');
    const since = t.mark();
    t.clock.advanceBy(1);
    expect(t.types(since())).toEqual(['offer.expired', 'chat.queued', 'agent.statusChanged']);
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'queued', enqueuedAt: 0 });
    expect(t.engine.getAgent('alice')).toMatchObject({
      state: 'paused',
      pause: { reason: 'missed-offer', paid: false, since: 20_000 },
      slotsUsed: 0,
    });
  });

  it('sends no offer to the paused agent until they resume', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', rejectCooldownMs: 0, closeStatuses: ['done'] }] });
    t.login('alice');
    const chatId = t.start();
    t.clock.advanceBy(20_000);
    t.start('sales', 'Sam');
    t.clock.advanceBy(60_000);
    expect(t.offersTo('alice')).toHaveLength(1);
    t.ok({ type: 'agent.resume', agentId: 'alice' });
    // Back to work: the oldest chat comes first.
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('alice');
  });

  it('with missedOffer "none" the agent stays available and the chat goes to a colleague', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', missedOffer: 'none', closeStatuses: ['done'] }],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
      ],
    });
    t.login('alice');
    const chatId = t.start();
    t.login('bob');
    t.clock.advanceBy(20_000);
    expect(t.engine.getAgent('alice')?.state).toBe('ready');
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('bob');
  });

  it('pauses the agent once per missed offer', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', offerTimeoutMs: 1_000, rejectCooldownMs: 0, closeStatuses: ['done'] }] });
    t.login('alice');
    t.start();
    for (let i = 0; i < 3; i++) {
      t.clock.advanceBy(1_000);
      t.ok({ type: 'agent.resume', agentId: 'alice' });
    }
    const pauses = t.events.filter((e) => e.type === 'agent.statusChanged' && e.state === 'paused');
    expect(pauses).toHaveLength(3);
    expect(t.events.filter((e) => e.type === 'offer.expired')).toHaveLength(3);
  });

  it('resuming a full agent returns them to busy', () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }] });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'coffee', paid: true });
    t.ok({ type: 'agent.resume', agentId: 'alice' });
    expect(t.engine.getAgent('alice')?.state).toBe('busy');
  });
});
