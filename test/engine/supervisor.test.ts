import { describe, expect, it } from 'vitest';
import type { EngineEvent } from 'chatroute';
import { expectRefusal, observe, setup } from '../helpers';

const queues = [
  { id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'spam'] },
  { id: 'support', name: 'Support', closeStatuses: ['done'] },
];
const agents = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 2, queues: ['sales'] },
  { id: 'sam', name: 'Sam', capacity: 1, queues: ['sales'], supervises: ['sales'] },
  { id: 'olga', name: 'Olga', capacity: 1, queues: ['support'], supervises: ['support'] },
];

const acted = (events: EngineEvent[]) => events.filter((e) => e.type === 'supervisor.acted');

function active(t: ReturnType<typeof setup>, agentId = 'alice') {
  const chatId = t.start();
  t.ok({ type: 'chat.pick', agentId, chatId });
  return chatId;
}

describe('supervisor control (issue 9)', () => {
  it('pauses and resumes an agent of a supervised queue; the event names the supervisor', () => {
    const t = setup({ queues, agents });
    t.login('alice');
    const chatId = t.start();
    const since = t.mark();
    t.ok({ type: 'supervisor.pauseAgent', supervisorId: 'sam', agentId: 'alice' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'paused', pause: { reason: 'supervisor', paid: true } });
    const events = since();
    expect(t.types(events)[0]).toBe('supervisor.acted');
    expect(acted(events)[0]).toMatchObject({ supervisorId: 'sam', action: 'supervisor.pauseAgent', agentId: 'alice' });
    expect(events.find((e) => e.type === 'offer.withdrawn')).toMatchObject({ chatId, reason: 'agent-paused' });
    t.ok({ type: 'supervisor.resumeAgent', supervisorId: 'sam', agentId: 'alice' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', offers: [{ chatId }] });
  });

  it('refuses a supervisor of another queue (forbidden) and changes nothing', () => {
    const t = setup({ queues, agents });
    t.login('alice');
    const chatId = active(t);
    const before = observe(t.engine, ['alice', 'olga'], [chatId]);
    const count = t.events.length;
    expectRefusal(t.engine.dispatch({ type: 'supervisor.pauseAgent', supervisorId: 'olga', agentId: 'alice' }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.logoutAgent', supervisorId: 'olga', agentId: 'alice' }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.requeueChat', supervisorId: 'olga', chatId }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.joinChat', supervisorId: 'olga', chatId, mode: 'monitor' }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.pauseAgent', supervisorId: 'alice', agentId: 'bob' }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.pauseAgent', supervisorId: 'nobody', agentId: 'alice' }), 'not-found');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.resumeAgent', supervisorId: 'sam', agentId: 'alice' }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.pauseAgent', supervisorId: 'sam', agentId: 'bob' }), 'invalid-state');
    expect(t.events.length).toBe(count);
    expect(observe(t.engine, ['alice', 'olga'], [chatId])).toBe(before);
  });

  it('a forced logout requeues the chats the agent holds alone (enqueue time kept), leaves shared ones, closes customer-left ones', () => {
    const t = setup({ queues, agents: agents.map((a) => (a.id === 'alice' ? { ...a, capacity: 3 } : a)) });
    t.login('alice', 'bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'x', paid: true });
    t.clock.advanceBy(1_000);
    const alone = active(t);
    const shared = active(t);
    t.ok({ type: 'chat.invite', agentId: 'alice', chatId: shared, target: { agentId: 'bob' } });
    t.ok({ type: 'chat.pick', agentId: 'bob', chatId: shared });
    const left = active(t);
    t.ok({ type: 'customer.leave', chatId: left });
    t.clock.advanceBy(5_000);
    t.ok({ type: 'supervisor.logoutAgent', supervisorId: 'sam', agentId: 'alice' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'offline', chats: [] });
    expect(t.engine.getChat(alone)).toMatchObject({ state: 'queued', enqueuedAt: 1_000, participants: [] });
    expect(t.engine.getChat(shared)).toMatchObject({ state: 'active', participants: [{ agentId: 'bob' }], owner: 'bob' });
    expect(t.engine.getChat(left)).toMatchObject({ state: 'closed', status: 'resolved' });
  });

  it('transfers a chat away from a vanished agent to a queue or an agent; every participant leaves it', () => {
    const t = setup({ queues, agents });
    t.login('alice', 'bob');
    const chatId = active(t);
    t.ok({ type: 'chat.invite', agentId: 'alice', chatId, target: { agentId: 'bob' } });
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId });
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    t.ok({ type: 'agent.disconnected', agentId: 'bob' });
    t.ok({ type: 'supervisor.transferChat', supervisorId: 'sam', chatId, target: { queueId: 'support' } });
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'queued', queueId: 'support', participants: [] });
    expect(t.engine.getAgent('alice')?.chats).toEqual([]);
    expect(t.engine.getAgent('bob')?.chats).toEqual([]);
    expect(acted(t.events).at(-1)).toMatchObject({ supervisorId: 'sam', action: 'supervisor.transferChat', chatId, target: { queueId: 'support' } });
    t.login('olga');
    expect(t.engine.getAgent('olga')?.offers.map((o) => o.chatId)).toEqual([chatId]);
  });

  it("a supervisor's transfer carries a comment to the receiver's offer, as an agent's does; the customer never sees it (issue 21)", () => {
    const t = setup({ queues, agents });
    t.login('alice', 'bob');
    const chatId = active(t);
    t.ok({ type: 'supervisor.transferChat', supervisorId: 'sam', chatId, target: { agentId: 'bob' }, comment: 'Alice is swamped; VIP' });
    const offer = t.events.filter((e): e is Extract<EngineEvent, { type: 'offer.created' }> => e.type === 'offer.created' && e.agentId === 'bob').at(-1);
    expect(offer?.notification).toMatchObject({ kind: 'transfer', comment: 'Alice is swamped; VIP' });
    expect(t.engine.getDesk('bob')?.offers[0]).toMatchObject({ chatId, kind: 'transfer', comment: 'Alice is swamped; VIP' });
    expect(t.engine.messages(chatId, { audience: 'agents' }).some((m) => m.text.includes('swamped'))).toBe(false);
    expectRefusal(t.engine.dispatch({ type: 'supervisor.transferChat', supervisorId: 'sam', chatId, target: { queueId: 'sales' }, comment: '' }), 'invalid-command');
  });

  it('requeues a chat to its own queue, and refuses waiting chats', () => {
    const t = setup({ queues, agents });
    t.login('alice');
    const chatId = active(t);
    t.ok({ type: 'supervisor.requeueChat', supervisorId: 'sam', chatId });
    // Alice is free again, so the requeued chat is offered at once (to her: she is the only one).
    expect(t.engine.getChat(chatId)?.state).toBe('offered');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.requeueChat', supervisorId: 'sam', chatId }), 'invalid-state');
  });

  it('changes a waiting chat priority: it moves ahead of older chats', () => {
    const t = setup({ queues, agents });
    const first = t.start();
    const second = t.start();
    t.ok({ type: 'chat.setPriority', supervisorId: 'sam', chatId: second, priority: 5 });
    expect(t.engine.getChat(second)?.priority).toBe(5);
    t.login('alice');
    expect(t.engine.getAgent('alice')?.offers.map((o) => o.chatId)).toEqual([second]);
    expect(acted(t.events).at(-1)).toMatchObject({ action: 'chat.setPriority', chatId: second, priority: 5 });
    t.ok({ type: 'chat.setPriority', supervisorId: 'sam', chatId: second, priority: 7 }); // offered: still waiting
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: second });
    expectRefusal(t.engine.dispatch({ type: 'chat.setPriority', supervisorId: 'sam', chatId: second, priority: 1 }), 'invalid-state');
    expect(t.engine.getChat(first)?.state).toBe('offered');
  });

  it('monitor: the supervisor sees the chat without a slot, the customer sees nothing', () => {
    const t = setup({ queues, agents });
    t.login('alice');
    const chatId = active(t);
    const messages = t.engine.messages(chatId).length;
    t.ok({ type: 'supervisor.joinChat', supervisorId: 'sam', chatId, mode: 'monitor' });
    expect(t.engine.getChat(chatId)).toMatchObject({ monitors: ['sam'], participants: [{ agentId: 'alice' }] });
    expect(t.engine.messages(chatId)).toHaveLength(messages);
    expect(t.engine.getAgent('sam')?.slotsUsed).toBe(0);
    // The supervisor's desk reads along, live.
    const desks: Array<{ chats: ReadonlyArray<{ chatId: string; monitoring?: true; lastMessage?: { text: string } }> }> = [];
    const watching = t.engine.desk$('sam').subscribe((d) => desks.push(d));
    expect(desks.at(-1)?.chats).toMatchObject([{ chatId, monitoring: true }]);
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hello?' });
    expect(desks.at(-1)?.chats[0]?.lastMessage?.text).toBe('hello?');
    expectRefusal(t.engine.dispatch({ type: 'supervisor.joinChat', supervisorId: 'sam', chatId, mode: 'monitor' }), 'invalid-state');
    t.ok({ type: 'supervisor.leaveChat', supervisorId: 'sam', chatId });
    expect(t.engine.getChat(chatId)?.monitors).toBeUndefined();
    expect(desks.at(-1)?.chats).toEqual([]);
    watching.unsubscribe();
    expectRefusal(t.engine.dispatch({ type: 'supervisor.leaveChat', supervisorId: 'sam', chatId }), 'invalid-state');
  });

  it('barge: the supervisor joins openly as a participant on a slot, announced to the customer', () => {
    const t = setup({ queues, agents });
    t.login('alice');
    const chatId = active(t);
    expectRefusal(t.engine.dispatch({ type: 'supervisor.joinChat', supervisorId: 'sam', chatId, mode: 'barge' }), 'invalid-state'); // offline
    t.login('sam');
    t.ok({ type: 'agent.pause', agentId: 'sam', reason: 'supervising', paid: true });
    t.ok({ type: 'supervisor.joinChat', supervisorId: 'sam', chatId, mode: 'monitor' });
    t.ok({ type: 'supervisor.joinChat', supervisorId: 'sam', chatId, mode: 'barge' });
    expect(t.engine.getChat(chatId)?.participants.map((p) => p.agentId)).toEqual(['alice', 'sam']);
    expect(t.engine.getChat(chatId)?.monitors).toBeUndefined();
    expect(t.engine.getAgent('sam')).toMatchObject({ slotsUsed: 1, chats: [chatId] });
    expect(t.events.find((e) => e.type === 'participant.joined')).toMatchObject({ agentId: 'sam', via: 'barge' });
    expect(t.engine.messages(chatId).at(-1)?.text).toBe('Sam joined the chat');
    // Sam's only slot is used: another barge is refused.
    const other = active(t);
    expectRefusal(t.engine.dispatch({ type: 'supervisor.joinChat', supervisorId: 'sam', chatId: other, mode: 'barge' }), 'capacity-exceeded');
    t.ok({ type: 'chat.close', agentId: 'sam', chatId });
    expect(t.engine.getAgent('sam')?.slotsUsed).toBe(0);
  });
});
