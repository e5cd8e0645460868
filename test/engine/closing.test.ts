import { describe, expect, it } from 'vitest';
import { expectRefusal, observe, setup } from '../helpers';

function activeChat() {
  const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }] });
  t.login('alice');
  const chatId = t.start();
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
  return { ...t, chatId };
}

describe('closing', () => {
  it('refuses to close without a status, naming the allowed statuses, and changes nothing', () => {
    const t = activeChat();
    const before = observe(t.engine, ['alice'], [t.chatId]);
    const since = t.mark();
    const error = expectRefusal(t.engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: t.chatId }), 'status-required');
    expect(error.message).toContain('"resolved", "spam"');
    expect(since()).toEqual([]);
    expect(observe(t.engine, ['alice'], [t.chatId])).toBe(before);
  });

  it('accepts only a status from the queue list', () => {
    const t = activeChat();
    expectRefusal(t.engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: t.chatId, status: 'whatever' }), 'invalid-command');
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId: t.chatId, status: 'spam' });
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId: t.chatId, status: 'resolved' });
    const since = t.mark();
    t.ok({ type: 'chat.close', agentId: 'alice', chatId: t.chatId });
    expect(since().map((e) => e.type)).toEqual(['chat.closed', 'contact.recorded', 'agent.statusChanged']);
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'closed', status: 'resolved', closedBy: 'alice' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', chats: [], slotsUsed: 0 });
  });

  it('when the customer leaves an active chat it is closing and still holds the slot until closed', () => {
    const t = activeChat();
    t.clock.advanceBy(5_000);
    t.ok({ type: 'customer.leave', chatId: t.chatId });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'closing', customerLeftAt: 5_000 });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', slotsUsed: 1 });
    t.start('sales', 'Next');
    expect(t.offersTo('alice')).toHaveLength(1);
    expectRefusal(t.engine.dispatch({ type: 'customer.leave', chatId: t.chatId }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'message.send', chatId: t.chatId, from: { kind: 'agent', agentId: 'alice' }, text: 'hi?' }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: t.chatId }), 'status-required');
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId: t.chatId, status: 'resolved' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId: t.chatId });
    expect(t.offersTo('alice')).toHaveLength(2);
  });

  it('a customer who leaves a queued chat abandons it', () => {
    const t = setup();
    const chatId = t.start();
    t.clock.advanceBy(7_000);
    const since = t.mark();
    t.ok({ type: 'customer.leave', chatId });
    expect(since()).toMatchObject([{ type: 'chat.abandoned', chatId, waitedMs: 7_000 }, { type: 'contact.recorded', record: { chatId, outcome: 'abandoned', waitMs: 7_000 } }]);
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'abandoned', endedAt: 7_000 });
    t.login('alice');
    expect(t.offersTo('alice')).toHaveLength(0);
  });

  it('a customer who leaves an offered chat abandons it and the offer is withdrawn', () => {
    const t = setup();
    t.login('alice');
    const chatId = t.start();
    const since = t.mark();
    t.ok({ type: 'customer.leave', chatId });
    expect(t.types(since())).toEqual(['offer.withdrawn', 'chat.abandoned', 'contact.recorded', 'agent.statusChanged']);
    expect(since()[0]).toMatchObject({ reason: 'customer-left' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', slotsUsed: 0 });
    expectRefusal(t.engine.dispatch({ type: 'customer.leave', chatId }), 'invalid-state');
  });

  it('only a participant may set the status or close', () => {
    const t = setup({
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
      ],
    });
    t.login('alice', 'bob');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    expectRefusal(t.engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId, status: 'resolved' }), 'forbidden');
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'resolved' });
    expectRefusal(t.engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId }), 'forbidden');
  });
});
