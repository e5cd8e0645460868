import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

const config = {
  queues: [
    { id: 'sales', name: 'Sales', closeStatuses: ['done'] },
    { id: 'support', name: 'Support', closeStatuses: ['done'] },
    { id: 'billing', name: 'Billing', closeStatuses: ['done'] },
  ],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales', { queueId: 'support', penalty: 2 }] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
  ],
};

describe('agents', () => {
  it('login makes the agent ready and logged into every member queue', () => {
    const t = setup(config);
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'offline', slotsUsed: 0, capacity: 2 });
    t.login('alice');
    expect(t.engine.getAgent('alice')).toMatchObject({
      state: 'ready',
      queues: [
        { queueId: 'sales', penalty: 0, loggedIn: true },
        { queueId: 'support', penalty: 2, loggedIn: true },
      ],
    });
    expect(t.events.at(-1)).toMatchObject({ type: 'agent.statusChanged', state: 'ready', previous: 'offline' });
    expectRefusal(t.engine.dispatch({ type: 'agent.login', agentId: 'alice' }), 'invalid-state');
  });

  it('leaveQueue and joinQueue log out of and back into one member queue', () => {
    const t = setup(config);
    t.login('alice');
    t.ok({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'support' });
    expect(t.engine.getAgent('alice')?.queues[1]).toMatchObject({ queueId: 'support', loggedIn: false });
    expectRefusal(t.engine.dispatch({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'support' }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'billing' }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'agent.joinQueue', agentId: 'alice', queueId: 'nope' }), 'not-found');
    expectRefusal(t.engine.dispatch({ type: 'agent.joinQueue', agentId: 'alice', queueId: 'sales' }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'agent.joinQueue', agentId: 'bob', queueId: 'sales' }), 'invalid-state');
    t.ok({ type: 'agent.joinQueue', agentId: 'alice', queueId: 'support' });
    expect(t.engine.getAgent('alice')?.queues[1]?.loggedIn).toBe(true);
  });

  it('leaving a queue withdraws a pending offer from it; the chat keeps its place', () => {
    const t = setup(config);
    t.login('alice');
    const chatId = t.start('support');
    const since = t.mark();
    t.ok({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'support' });
    expect(since()[0]).toMatchObject({ type: 'offer.withdrawn', reason: 'agent-left-queue' });
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'queued', enqueuedAt: 0 });
  });

  it('logout with open chats is refused; with only a pending offer, the offer is withdrawn and re-routed', () => {
    const t = setup(config);
    t.login('alice', 'bob');
    const first = t.start('sales');
    expect(t.engine.getChat(first)?.offer?.agentId).toBe('alice');
    t.clock.advanceBy(1_000);
    // Taking a chat resets Alice's idle time, so Bob is now the longest idle.
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: first });
    expectRefusal(t.engine.dispatch({ type: 'agent.logout', agentId: 'alice' }), 'invalid-state');
    const second = t.start('sales');
    expect(t.engine.getChat(second)?.offer?.agentId).toBe('bob');
    t.ok({ type: 'agent.logout', agentId: 'bob' });
    expect(t.engine.getAgent('bob')?.state).toBe('offline');
    // Withdrawn from Bob, the chat goes to Alice's free slot.
    expect(t.engine.getChat(second)?.offer?.agentId).toBe('alice');
    expectRefusal(t.engine.dispatch({ type: 'agent.logout', agentId: 'bob' }), 'invalid-state');
  });

  it('pause keeps reason and paid flag, withdraws a pending offer, and keeps open chats', () => {
    const t = setup(config);
    t.login('alice');
    const active = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: active });
    const offered = t.start('sales');
    t.clock.advanceBy(500);
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'lunch', paid: false });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'paused', pause: { reason: 'lunch', paid: false, since: 500 }, chats: [active] });
    expect(t.engine.getChat(offered)?.state).toBe('queued');
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'training', paid: true });
    expect(t.events.at(-1)).toMatchObject({ type: 'agent.statusChanged', state: 'paused', previous: 'paused', pause: { reason: 'training', paid: true } });
    t.ok({ type: 'agent.resume', agentId: 'alice' });
    expect(t.engine.getChat(offered)?.offer?.agentId).toBe('alice');
    expectRefusal(t.engine.dispatch({ type: 'agent.resume', agentId: 'alice' }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'agent.pause', agentId: 'bob', reason: 'x', paid: true }), 'invalid-state');
  });
});
