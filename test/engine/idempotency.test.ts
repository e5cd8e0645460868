import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

describe('message retries and the configuration query', () => {
  it('sends a message once when its sender retries it with the same clientMessageId', () => {
    const t = setup();
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    const first = t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hello', clientMessageId: 'm-1' });
    const mark = t.mark();
    const retry = t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hello', clientMessageId: 'm-1' });
    expect(retry).toEqual(first);
    expect(mark()).toEqual([]);
    // Another sender's id space is its own; a new id is a new message.
    t.ok({ type: 'message.send', chatId, from: { kind: 'agent', agentId: 'alice' }, text: 'hi', clientMessageId: 'm-1' });
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hello again', clientMessageId: 'm-2' });
    expect(t.engine.messages(chatId).filter((m) => m.from.kind !== 'system').map((m) => m.text)).toEqual(['hello', 'hi', 'hello again']);
  });

  it('lists the configuration in force, as given and changed at runtime, frozen', () => {
    const t = setup();
    t.ok({ type: 'queue.upsert', queue: { id: 'vip', name: 'VIP', closeStatuses: ['ok'], offerTimeoutMs: 5_000 } });
    t.ok({ type: 'agent.upsert', agent: { id: 'bob', name: 'Bob', capacity: 2, queues: [{ queueId: 'vip', penalty: 1 }] } });
    const config = t.engine.configuration();
    expect(config.queues.map((q) => q.id)).toEqual(['sales', 'vip']);
    expect(config.queues[1]).toEqual({ id: 'vip', name: 'VIP', closeStatuses: ['ok'], offerTimeoutMs: 5_000 });
    expect(config.agents.map((a) => a.id)).toEqual(['alice', 'bob']);
    expect(Object.isFrozen(config.agents[1]?.queues)).toBe(true);
  });
});

describe('engine.chats()', () => {
  it('lists live chats in start order, optionally by state, and forgets finished ones', () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }] });
    t.login('alice');
    const a = t.start('sales', 'Ann');
    const b = t.start('sales', 'Bea');
    const c = t.start('sales', 'Cy');
    t.ok({ type: 'customer.leave', chatId: c });
    expect(t.engine.chats().map((v) => [v.id, v.state])).toEqual([
      [a, 'offered'],
      [b, 'queued'],
    ]);
    expect(t.engine.chats({ states: ['queued'] }).map((v) => v.id)).toEqual([b]);
    expect(Object.isFrozen(t.engine.chats())).toBe(true);
  });
});
