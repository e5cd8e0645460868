import { describe, expect, it } from 'vitest';
import type { EngineEvent } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

const config = {
  queues: [
    { id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 10_000, rejectCooldownMs: 60_000 },
    { id: 'experts', name: 'Experts', closeStatuses: ['done'], offerTimeoutMs: 5_000 },
  ],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 2, queues: ['experts'] },
    { id: 'carol', name: 'Carol', capacity: 1, queues: ['experts'] },
  ],
};

/** Alice has an active chat with Eve. */
function aliceChatting() {
  const t = setup(config);
  t.login('alice');
  const chatId = t.start('sales', 'Eve');
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
  return { ...t, chatId };
}

describe('invite', () => {
  it('invites one agent: an invitation offer, then both chat with the customer, each on a slot', () => {
    const t = aliceChatting();
    t.login('bob');
    t.clock.advanceBy(1_000);
    const since = t.mark();
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'bob' } });
    const offer = since().find((e) => e.type === 'offer.created') as Extract<EngineEvent, { type: 'offer.created' }>;
    expect(offer).toMatchObject({ agentId: 'bob', offer: { kind: 'invite', expiresAt: 11_000 }, notification: { kind: 'invite', from: { agentId: 'alice', name: 'Alice' } } });
    expect(t.engine.getChat(t.chatId)?.invitation).toMatchObject({ by: 'alice', target: { agentId: 'bob' }, state: 'offered' });
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: t.chatId });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'active', owner: 'alice', participants: [{ agentId: 'alice' }, { agentId: 'bob', joinedAt: 1_000 }] });
    expect(t.engine.getChat(t.chatId)?.invitation).toBeUndefined();
    expect(t.engine.getAgent('bob')).toMatchObject({ chats: [t.chatId], slotsUsed: 1 });
    expect(t.engine.getAgent('alice')).toMatchObject({ chats: [t.chatId], slotsUsed: 1 });
    expect(t.types(since())).toEqual(['chat.invited', 'offer.created', 'offer.accepted', 'participant.joined', 'message.sent', 'invitation.ended']);
    expect(t.engine.messages(t.chatId).at(-1)).toMatchObject({ from: { kind: 'system' }, text: 'Bob joined the chat', notice: { type: 'joined', agentId: 'bob' } });
    t.ok({ type: 'message.send', chatId: t.chatId, from: { kind: 'agent', agentId: 'bob' }, text: 'Hi, I am the expert' });
  });

  it('invites a queue: its strategy picks an eligible agent, never one already in the chat', () => {
    const t = aliceChatting();
    t.login('carol');
    t.clock.advanceBy(10);
    t.login('bob');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { queueId: 'experts' } });
    expect(t.engine.getChat(t.chatId)?.offers.map((o) => [o.agentId, o.kind])).toEqual([['carol', 'invite']]);
  });

  it('a queue invitation waits until someone of the queue is free, and shows in their waiting activities', () => {
    const t = aliceChatting();
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { queueId: 'experts' } });
    expect(t.engine.getChat(t.chatId)?.invitation?.state).toBe('waiting');
    expect(t.engine.waitingActivities('bob')).toMatchObject([{ chatId: t.chatId, kind: 'invite', queue: { id: 'experts' } }]);
    t.login('bob');
    expect(t.engine.getChat(t.chatId)?.offer).toMatchObject({ agentId: 'bob', kind: 'invite' });
  });

  it('a rejected queue invitation goes to a colleague; a rejected personal one ends', () => {
    const t = aliceChatting();
    t.login('bob', 'carol');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { queueId: 'experts' } });
    const first = t.engine.getChat(t.chatId)?.offer?.agentId as string;
    t.ok({ type: 'offer.reject', agentId: first, chatId: t.chatId });
    const second = t.engine.getChat(t.chatId)?.offer?.agentId as string;
    expect(second).not.toBe(first);
    t.ok({ type: 'chat.cancelInvite', chatId: t.chatId, agentId: 'alice' });
    expect(t.events.at(-3)).toMatchObject({ type: 'offer.withdrawn', agentId: second, reason: 'cancelled' });
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'bob' } });
    t.ok({ type: 'offer.reject', agentId: 'bob', chatId: t.chatId });
    expect(t.engine.getChat(t.chatId)?.invitation).toBeUndefined();
    expect(t.events.findLast((e) => e.type === 'invitation.ended')).toMatchObject({ reason: 'rejected' });
  });

  it("a missed invitation pauses the invitee by the target queue's policy", () => {
    const t = aliceChatting();
    t.login('bob');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { queueId: 'experts' } });
    t.clock.advanceBy(5_000);
    expect(t.engine.getAgent('bob')).toMatchObject({ state: 'paused', pause: { reason: 'missed-offer', paid: false } });
    expect(t.engine.getChat(t.chatId)?.invitation?.state).toBe('waiting');
  });

  it('allows one pending invitation at a time, only from participants, never to someone already in', () => {
    const t = aliceChatting();
    t.login('bob');
    expectRefusal(t.engine.dispatch({ type: 'chat.invite', chatId: t.chatId, agentId: 'bob', target: { agentId: 'carol' } }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'alice' } }), 'invalid-command');
    expectRefusal(t.engine.dispatch({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { queueId: 'nope' } }), 'not-found');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'bob' } });
    expectRefusal(t.engine.dispatch({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'carol' } }), 'invalid-state');
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: t.chatId });
    expectRefusal(t.engine.dispatch({ type: 'chat.invite', chatId: t.chatId, agentId: 'bob', target: { agentId: 'alice' } }), 'invalid-state');
  });

  it('when one participant closes, the customer goes on with the other; ownership passes on; the last close needs the status', () => {
    const t = aliceChatting();
    t.login('bob', 'carol');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'bob' } });
    t.clock.advanceBy(1_000);
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: t.chatId });
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'bob', target: { agentId: 'carol' } });
    t.clock.advanceBy(1_000);
    t.ok({ type: 'offer.accept', agentId: 'carol', chatId: t.chatId });
    const since = t.mark();
    t.ok({ type: 'chat.close', chatId: t.chatId, agentId: 'alice' });
    expect(t.types(since())).toEqual(['participant.left', 'message.sent', 'chat.ownerChanged', 'agent.statusChanged']);
    expect(since()[2]).toMatchObject({ type: 'chat.ownerChanged', owner: 'bob', previous: 'alice' });
    expect(t.engine.messages(t.chatId).at(-1)).toMatchObject({ text: 'Alice left the chat', notice: { type: 'left', agentId: 'alice' } });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'active', owner: 'bob' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', chats: [] });
    t.ok({ type: 'message.send', chatId: t.chatId, from: { kind: 'customer' }, text: 'still there?' });
    t.ok({ type: 'chat.close', chatId: t.chatId, agentId: 'bob' });
    expectRefusal(t.engine.dispatch({ type: 'chat.close', chatId: t.chatId, agentId: 'carol' }), 'status-required');
    t.ok({ type: 'chat.setStatus', chatId: t.chatId, agentId: 'carol', status: 'done' });
    t.ok({ type: 'chat.close', chatId: t.chatId, agentId: 'carol' });
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'closed', closedBy: 'carol', status: 'done' });
  });

  it('a pending invitation ends when the customer leaves, its offer withdrawn', () => {
    const t = aliceChatting();
    t.login('bob');
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { agentId: 'bob' } });
    t.ok({ type: 'customer.leave', chatId: t.chatId });
    expect(t.events.filter((e) => e.type === 'offer.withdrawn' || e.type === 'invitation.ended').map((e) => ('reason' in e ? e.reason : ''))).toEqual(['customer-left', 'customer-left']);
    expect(t.engine.getAgent('bob')).toMatchObject({ slotsUsed: 0, state: 'ready' });
  });

  it('an agent of the invited queue may pick the invitation from waiting activities', () => {
    const t = aliceChatting();
    t.login('bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'busy elsewhere', paid: true });
    t.ok({ type: 'chat.invite', chatId: t.chatId, agentId: 'alice', target: { queueId: 'experts' } });
    t.ok({ type: 'chat.pick', chatId: t.chatId, agentId: 'bob' });
    expect(t.engine.getChat(t.chatId)?.participants.map((p) => p.agentId)).toEqual(['alice', 'bob']);
    expect(t.events.findLast((e) => e.type === 'participant.joined')).toMatchObject({ agentId: 'bob', via: 'pick' });
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', chatId: t.chatId, agentId: 'carol' }), 'invalid-state');
  });
});
