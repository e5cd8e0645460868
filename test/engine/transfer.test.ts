import { describe, expect, it } from 'vitest';
import type { EngineEvent } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

const config = {
  queues: [
    { id: 'sales', name: 'Sales', closeStatuses: ['sold', 'no-sale'], offerTimeoutMs: 10_000, rejectCooldownMs: 20_000 },
    { id: 'billing', name: 'Billing', closeStatuses: ['refunded'], offerTimeoutMs: 10_000 },
  ],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['billing'] },
    { id: 'carol', name: 'Carol', capacity: 1, queues: ['sales'] },
  ],
};

function aliceChatting() {
  const t = setup(config);
  t.login('alice');
  t.clock.advanceBy(1_000);
  const chatId = t.start('sales', 'Eve');
  t.clock.advanceBy(2_000);
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
  t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'no-sale' });
  return { ...t, chatId };
}

describe('transfer', () => {
  it('to a queue: the transferrer is free at once; the chat keeps its enqueue time and is routed there', () => {
    const t = aliceChatting();
    t.login('bob');
    t.clock.advanceBy(5_000);
    const since = t.mark();
    t.ok({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { queueId: 'billing' } });
    expect(t.types(since())).toEqual([
      'participant.left',
      'chat.transferred',
      'message.sent',
      'chat.queued',
      'agent.statusChanged',
      'offer.created',
      'agent.statusChanged',
    ]);
    expect(since()[3]).toMatchObject({ reason: 'transferred', queueId: 'billing', enqueuedAt: 1_000 });
    expect((since()[5] as Extract<EngineEvent, { type: 'offer.created' }>).notification).toMatchObject({
      kind: 'transfer',
      from: { agentId: 'alice', name: 'Alice' },
      queue: { id: 'billing', name: 'Billing' },
      enqueuedAt: 1_000,
    });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', chats: [], slotsUsed: 0 });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'offered', queueId: 'billing', enqueuedAt: 1_000, participants: [] });
    expect(t.engine.getChat(t.chatId)?.status).toBeUndefined();
    expect(t.engine.messages(t.chatId).at(-1)?.text).toBe('Alice transferred the chat to Billing');
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: t.chatId });
    expectRefusal(t.engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId: t.chatId, status: 'sold' }), 'invalid-command');
    t.ok({ type: 'chat.setStatus', agentId: 'bob', chatId: t.chatId, status: 'refunded' });
  });

  it('to a queue: ahead of chats that started later', () => {
    const t = aliceChatting();
    const later = t.start('billing', 'Late');
    t.ok({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { queueId: 'billing' } });
    t.login('bob');
    expect(t.engine.getChat(t.chatId)?.offer?.agentId).toBe('bob');
    expect(t.engine.getChat(later)?.state).toBe('queued');
  });

  it('to a busy agent: it waits for them (in their waiting activities) and is offered when they are free', () => {
    const t = aliceChatting();
    t.login('carol');
    const other = t.start('sales', 'Other');
    t.ok({ type: 'offer.accept', agentId: 'carol', chatId: other });
    t.ok({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { agentId: 'carol' } });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'queued', waitingFor: { agentId: 'carol' } });
    expect(t.engine.waitingActivities('carol')).toMatchObject([{ chatId: t.chatId, reservedFor: 'carol', kind: 'chat' }]);
    // Alice is free again but the chat is reserved for Carol: no offer to Alice.
    expect(t.offersTo('alice')).toHaveLength(1);
    t.ok({ type: 'chat.setStatus', agentId: 'carol', chatId: other, status: 'sold' });
    t.ok({ type: 'chat.close', agentId: 'carol', chatId: other });
    expect(t.engine.getChat(t.chatId)?.offer).toMatchObject({ agentId: 'carol', kind: 'transfer' });
  });

  it('to an agent who rejects or misses it: it is never lost, but waits for them again', () => {
    const t = aliceChatting();
    t.login('carol');
    t.ok({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { agentId: 'carol' } });
    t.ok({ type: 'offer.reject', agentId: 'carol', chatId: t.chatId });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'queued', waitingFor: { agentId: 'carol' } });
    expect(t.engine.waitingActivities('carol').map((w) => w.chatId)).toEqual([t.chatId]);
    // After the cooldown it is offered to her again; she misses it and is paused; it still waits for her.
    t.clock.advanceBy(20_000);
    expect(t.engine.getChat(t.chatId)?.offer?.agentId).toBe('carol');
    t.clock.advanceBy(10_000);
    expect(t.engine.getAgent('carol')?.state).toBe('paused');
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'queued', waitingFor: { agentId: 'carol' } });
    // A colleague of the chat's queue can still pick it: a transfer to someone who went home is never stuck.
    expect(t.engine.waitingActivities('alice')).toMatchObject([{ chatId: t.chatId, reservedFor: 'carol' }]);
    t.ok({ type: 'chat.pick', agentId: 'alice', chatId: t.chatId });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'active', owner: 'alice' });
  });

  it('to an agent outside the queue: they may pick it even though they are not a member', () => {
    const t = aliceChatting();
    t.login('bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'meeting', paid: true });
    t.ok({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { agentId: 'bob' } });
    t.ok({ type: 'chat.pick', agentId: 'bob', chatId: t.chatId });
    expect(t.engine.getChat(t.chatId)?.owner).toBe('bob');
  });

  it('refuses transfers by outsiders, to oneself, to unknown targets, or with other participants present', () => {
    const t = aliceChatting();
    t.login('carol');
    expectRefusal(t.engine.dispatch({ type: 'chat.transfer', chatId: t.chatId, agentId: 'carol', target: { queueId: 'billing' } }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { agentId: 'alice' } }), 'invalid-command');
    expectRefusal(t.engine.dispatch({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { agentId: 'zed' } }), 'not-found');
    expectRefusal(t.engine.dispatch({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { queueId: 'zed' } }), 'not-found');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'carol' } });
    t.ok({ type: 'offer.accept', chatId: t.chatId, agentId: 'carol' });
    expectRefusal(t.engine.dispatch({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { queueId: 'billing' } }), 'invalid-state');
  });

  it('a pending invitation ends when the chat is transferred', () => {
    const t = aliceChatting();
    t.login('bob');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'bob' } });
    t.ok({ type: 'chat.transfer', chatId: t.chatId, agentId: 'alice', target: { queueId: 'billing' } });
    expect(t.events.findLast((e) => e.type === 'invitation.ended')).toMatchObject({ reason: 'transferred' });
    expect(t.engine.getChat(t.chatId)?.offer).toMatchObject({ agentId: 'bob', kind: 'transfer' });
  });
});
