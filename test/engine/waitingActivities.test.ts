import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

const config = {
  queues: [
    { id: 'sales', name: 'Sales', closeStatuses: ['done'] },
    { id: 'support', name: 'Support', closeStatuses: ['done'] },
    { id: 'billing', name: 'Billing', closeStatuses: ['done'] },
  ],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales', 'support'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
  ],
};

describe('waiting activities and pick', () => {
  it('lists queued chats of member queues, even logged out of them, and chats offered to colleagues, most urgent first', () => {
    const t = setup(config);
    t.login('alice', 'bob');
    t.ok({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'support' });
    t.ok({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'sales' });
    const offeredToBob = t.start('sales', 'Eve');
    t.clock.advanceBy(1_000);
    const support = t.start('support', 'Sam');
    const billing = t.start('billing', 'Kim');
    const urgent = t.start('sales', 'Vip', { priority: 5 });
    expect(t.engine.getChat(offeredToBob)?.offer?.agentId).toBe('bob');
    const list = t.engine.waitingActivities('alice');
    expect(list.map((w) => [w.chatId, w.state, w.queue.name])).toEqual([
      [urgent, 'queued', 'Sales'],
      [offeredToBob, 'offered', 'Sales'],
      [support, 'queued', 'Support'],
    ]);
    expect(list.some((w) => w.chatId === billing)).toBe(false);
    // Bob does not see his own offer in the list: the notification shows it.
    expect(t.engine.waitingActivities('bob').map((w) => w.chatId)).toEqual([urgent]);
  });

  it('picking a queued chat makes it active with the picker, without an offer', () => {
    const t = setup(config);
    t.login('alice');
    t.ok({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'support' });
    const chatId = t.start('support');
    const since = t.mark();
    t.ok({ type: 'chat.pick', agentId: 'alice', chatId });
    expect(t.types(since())).toEqual(['chat.assigned', 'message.sent']);
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'active', owner: 'alice' });
    expect(t.engine.getAgent('alice')?.chats).toEqual([chatId]);
  });

  it("picking a chat offered to a colleague withdraws the colleague's offer", () => {
    const t = setup(config);
    t.login('bob', 'alice');
    t.ok({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'sales' });
    const chatId = t.start('sales');
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('bob');
    const since = t.mark();
    t.ok({ type: 'chat.pick', agentId: 'alice', chatId });
    const events = since();
    expect(events[0]).toMatchObject({ type: 'offer.withdrawn', agentId: 'bob', reason: 'picked' });
    expect(events[1]).toMatchObject({ type: 'chat.assigned', agentId: 'alice', via: 'pick' });
    expect(t.engine.getAgent('bob')).toMatchObject({ state: 'ready', slotsUsed: 0 });
  });

  it('of two agents picking or accepting the same chat, exactly one wins and the other gets invalid-state', () => {
    const t = setup(config);
    t.login('bob', 'alice');
    t.ok({ type: 'agent.leaveQueue', agentId: 'alice', queueId: 'sales' });
    const chatId = t.start('sales');
    t.ok({ type: 'chat.pick', agentId: 'alice', chatId });
    expectRefusal(t.engine.dispatch({ type: 'offer.accept', agentId: 'bob', chatId }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', agentId: 'bob', chatId }), 'invalid-state');
    expect(t.engine.getChat(chatId)?.participants.map((p) => p.agentId)).toEqual(['alice']);
  });

  it('refuses a pick by a non-member, an offline agent, or a full agent', () => {
    const t = setup(config);
    const chatId = t.start('support');
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', agentId: 'alice', chatId }), 'invalid-state');
    t.login('bob');
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', agentId: 'bob', chatId }), 'forbidden');
    const sales = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: sales });
    t.start('sales');
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', agentId: 'bob', chatId: 'chat-3' }), 'capacity-exceeded');
  });

  it('a paused agent may still pick', () => {
    const t = setup(config);
    t.login('alice');
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'training', paid: true });
    const chatId = t.start('sales');
    t.ok({ type: 'chat.pick', agentId: 'alice', chatId });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'paused', chats: [chatId] });
  });

  it('picking the chat offered to yourself accepts it', () => {
    const t = setup(config);
    t.login('bob');
    const chatId = t.start('sales');
    const since = t.mark();
    t.ok({ type: 'chat.pick', agentId: 'bob', chatId });
    expect(t.types(since())).toEqual(['offer.accepted', 'chat.assigned', 'message.sent']);
  });
});
