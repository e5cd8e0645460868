import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

describe('configuration at runtime', () => {
  it('creates a queue and an agent, who can then take its chats', () => {
    const t = setup();
    t.ok({ type: 'queue.upsert', queue: { id: 'support', name: 'Support', closeStatuses: ['fixed'] } });
    t.ok({ type: 'agent.upsert', agent: { id: 'dan', name: 'Dan', capacity: 2, queues: ['support'] } });
    t.login('dan');
    const chatId = t.start('support');
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('dan');
    expect(t.events.filter((e) => e.type === 'config.changed').map((e) => e.type === 'config.changed' && `${e.entity}:${e.id}:${e.change}`)).toEqual([
      'queue:support:created',
      'agent:dan:created',
    ]);
  });

  it('applies a new offer timeout to offers made after the change', () => {
    const t = setup();
    t.login('alice');
    const first = t.start();
    t.ok({ type: 'queue.upsert', queue: { id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'spam'], offerTimeoutMs: 5_000 } });
    expect(t.engine.getChat(first)?.offer?.expiresAt).toBe(20_000);
    t.ok({ type: 'offer.reject', agentId: 'alice', chatId: first });
    t.ok({ type: 'agent.upsert', agent: { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] } });
    t.login('bob');
    expect(t.engine.getChat(first)?.offer).toMatchObject({ agentId: 'bob', expiresAt: 5_000 });
  });

  it('a capacity lowered below the slots in use: busy, no new offers until below', () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 3, queues: ['sales'] }] });
    t.login('alice');
    const a = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: a });
    const b = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: b });
    t.ok({ type: 'agent.upsert', agent: { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] } });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', capacity: 1, slotsUsed: 2 });
    const c = t.start();
    expect(t.engine.getChat(c)?.state).toBe('queued');
    for (const chatId of [a, b]) {
      t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'resolved' });
      t.ok({ type: 'chat.close', agentId: 'alice', chatId });
      if (chatId === a) expect(t.engine.getChat(c)?.state).toBe('queued');
    }
    expect(t.engine.getChat(c)?.offer?.agentId).toBe('alice');
  });

  it('a membership removed withdraws that queue\'s pending offer and keeps the agent\'s chats', () => {
    const t = setup({
      queues: [
        { id: 'sales', name: 'Sales', closeStatuses: ['resolved'] },
        { id: 'billing', name: 'Billing', closeStatuses: ['paid'] },
      ],
      agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales', 'billing'] }],
    });
    t.login('alice');
    const kept = t.start('billing');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: kept });
    const offered = t.start('billing');
    expect(t.engine.getChat(offered)?.offer?.agentId).toBe('alice');
    t.ok({ type: 'agent.upsert', agent: { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] } });
    expect(t.engine.getChat(offered)?.state).toBe('queued');
    expect(t.events.some((e) => e.type === 'offer.withdrawn' && e.chatId === offered && e.reason === 'agent-left-queue')).toBe(true);
    expect(t.engine.getAgent('alice')?.chats).toEqual([kept]);
    expect(t.engine.getAgent('alice')?.queues.map((q) => q.queueId)).toEqual(['sales']);
  });

  it('refuses to remove a queue with chats or members, and an agent who is logged in or awaited', () => {
    const t = setup({
      queues: [
        { id: 'sales', name: 'Sales', closeStatuses: ['resolved'] },
        { id: 'old', name: 'Old', closeStatuses: ['x'] },
      ],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['old'] },
      ],
    });
    const chatId = t.start('old');
    expect(expectRefusal(t.engine.dispatch({ type: 'queue.remove', queueId: 'old' }), 'invalid-state').message).toMatch(/still has chats/);
    t.ok({ type: 'customer.leave', chatId });
    expect(expectRefusal(t.engine.dispatch({ type: 'queue.remove', queueId: 'old' }), 'invalid-state').message).toMatch(/"bob"/);
    t.ok({ type: 'agent.upsert', agent: { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] } });
    t.ok({ type: 'queue.remove', queueId: 'old' });
    expect(t.engine.stats().map((s) => s.queueId)).toEqual(['sales']);
    expectRefusal(t.engine.dispatch({ type: 'queue.remove', queueId: 'old' }), 'not-found');

    t.login('alice');
    expectRefusal(t.engine.dispatch({ type: 'agent.remove', agentId: 'alice' }), 'invalid-state');
    const mine = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: mine });
    t.ok({ type: 'chat.transfer', agentId: 'alice', chatId: mine, target: { agentId: 'bob' } });
    expect(expectRefusal(t.engine.dispatch({ type: 'agent.remove', agentId: 'bob' }), 'invalid-state').message).toMatch(/wait for agent "bob"/);
    t.ok({ type: 'chat.pick', agentId: 'alice', chatId: mine });
    t.ok({ type: 'agent.remove', agentId: 'bob' });
    expect(t.engine.getAgent('bob')).toBeUndefined();
  });

  it('refuses malformed configuration with invalid-command and the reason', () => {
    const t = setup();
    expect(expectRefusal(t.engine.dispatch({ type: 'queue.upsert', queue: { id: 'x', name: 'X', closeStatuses: [] } }), 'invalid-command').message).toMatch(/closeStatuses/);
    expect(expectRefusal(t.engine.dispatch({ type: 'agent.upsert', agent: { id: 'x', name: 'X', capacity: 1, queues: ['nope'] } }), 'invalid-command').message).toMatch(/unknown queue "nope"/);
    expectRefusal(t.engine.dispatch({ type: 'agent.upsert', agent: { id: 'x', name: 'X', capacity: 0, queues: [] } }), 'invalid-command');
    expectRefusal(t.engine.dispatch({ type: 'queue.upsert', queue: { id: 'x', name: 'X', closeStatuses: ['a'], strategy: 'fastest' } }), 'invalid-command');
  });
});
