import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

const twoAgents = {
  agents: [
    { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
  ],
};

describe('offer', () => {
  it('offers a waiting chat to an eligible agent with everything the notification shows', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', offerTimeoutMs: 15_000, closeStatuses: ['done'] }] });
    t.login('alice');
    t.clock.advanceBy(1_000);
    const chatId = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'c-1', crmUrl: 'https://crm/c-1' } }).chatId;
    const [offer] = t.offersTo('alice');
    expect(offer?.notification).toEqual({
      customer: { name: 'Eve', contactId: 'c-1', crmUrl: 'https://crm/c-1' },
      queue: { id: 'sales', name: 'Sales' },
      enqueuedAt: 1_000,
      offeredAt: 1_000,
      expiresAt: 16_000,
      kind: 'route',
    });
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'offered', offer: { agentId: 'alice', expiresAt: 16_000 } });
  });

  it('an offer holds a slot: a capacity-1 agent with an offer is busy', () => {
    const t = setup();
    t.login('alice');
    t.start();
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', slotsUsed: 1, offers: [{ chatId: 'chat-1' }] });
  });

  it('accept makes the chat active with the agent as owner and participant', () => {
    const t = setup();
    t.login('alice');
    const chatId = t.start();
    t.clock.advanceBy(3_000);
    const since = t.mark();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    expect(t.types(since())).toEqual(['offer.accepted', 'chat.assigned', 'message.sent']);
    expect(t.engine.getChat(chatId)).toMatchObject({
      state: 'active',
      owner: 'alice',
      participants: [{ agentId: 'alice', joinedAt: 3_000 }],
      offers: [],
    });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', chats: [chatId], offers: [] });
  });

  it('reject puts the chat back in place, offers it to someone else, and the rejecter stays available', () => {
    const t = setup(twoAgents);
    t.login('alice', 'bob');
    const first = t.start('sales', 'Eve');
    t.clock.advanceBy(1_000);
    const second = t.start('sales', 'Sam');
    expect(t.engine.getChat(first)?.offer?.agentId).toBe('alice');
    expect(t.engine.getChat(second)?.offer?.agentId).toBe('bob');
    t.clock.advanceBy(1_000);
    t.ok({ type: 'offer.reject', agentId: 'alice', chatId: first });
    // Nobody else is free: Eve's chat waits at the head (enqueuedAt 0), not straight back to Alice.
    expect(t.engine.getChat(first)).toMatchObject({ state: 'queued', enqueuedAt: 0 });
    expect(t.engine.getAgent('alice')?.state).toBe('ready');
    // Bob frees up: Eve's chat (the oldest) goes to him.
    t.ok({ type: 'offer.reject', agentId: 'bob', chatId: second });
    expect(t.engine.getChat(first)?.offer?.agentId).toBe('bob');
    expect(t.engine.getChat(second)?.offer?.agentId).toBe('alice');
  });

  it('a rejected chat comes back to the rejecter after the cooldown when nobody else takes it', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', rejectCooldownMs: 10_000, closeStatuses: ['done'] }] });
    t.login('alice');
    const chatId = t.start();
    t.clock.advanceBy(2_000);
    t.ok({ type: 'offer.reject', agentId: 'alice', chatId });
    t.clock.advanceBy(9_999);
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.clock.advanceBy(1);
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'offered', offer: { agentId: 'alice', offeredAt: 12_000 } });
  });

  it('only the agent holding the offer may answer it', () => {
    const t = setup(twoAgents);
    t.login('alice', 'bob');
    const chatId = t.start();
    expectRefusal(t.engine.dispatch({ type: 'offer.accept', agentId: 'bob', chatId }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'offer.reject', agentId: 'bob', chatId }), 'forbidden');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    expectRefusal(t.engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId }), 'invalid-state');
  });

  it('does not offer to offline, paused, non-member or logged-out-of-queue agents', () => {
    const t = setup({
      queues: [
        { id: 'sales', name: 'Sales', closeStatuses: ['done'] },
        { id: 'other', name: 'Other', closeStatuses: ['done'] },
      ],
      agents: [
        { id: 'offline', name: 'Off', capacity: 1, queues: ['sales'] },
        { id: 'paused', name: 'Paused', capacity: 1, queues: ['sales'] },
        { id: 'stranger', name: 'Stranger', capacity: 1, queues: ['other'] },
        { id: 'left', name: 'Left', capacity: 1, queues: ['sales', 'other'] },
      ],
    });
    t.login('paused', 'stranger', 'left');
    t.ok({ type: 'agent.pause', agentId: 'paused', reason: 'lunch', paid: true });
    t.ok({ type: 'agent.leaveQueue', agentId: 'left', queueId: 'sales' });
    const chatId = t.start('sales');
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    expect(t.events.filter((e) => e.type === 'offer.created')).toHaveLength(0);
    t.ok({ type: 'agent.joinQueue', agentId: 'left', queueId: 'sales' });
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('left');
  });
});
